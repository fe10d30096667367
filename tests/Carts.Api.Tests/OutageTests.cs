using System.Net;
using Ecommerce.TestSupport;

namespace Carts.Api.Tests;

/// <summary>Stops a dependency under a running Carts.Api: each test has its own Redis and Products.Api to stop.</summary>
public class OutageTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly IsolatedCartsApi _api = new(postgres);

    public ValueTask InitializeAsync() => _api.InitializeAsync();

    [Fact]
    public async Task Redis_down_gives_503_with_retry_after_and_the_service_recovers_by_itself()
    {
        var cartId = await _api.Customer.CreateCartAsync();

        await _api.Redis.Server.StopAsync();
        var get = await _api.Customer.GetAsync($"/carts/{cartId}");
        var create = await _api.Customer.PostAsync("/carts", Json.Body("{}"));

        await get.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(get.Headers.RetryAfter);
        await create.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _api.Customer.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Customer.GetAsync("/alive")).StatusCode);

        await _api.Redis.Server.StartAsync();

        // The multiplexer reconnects in the background; the service needs no restart.
        var recovered = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => (await _api.Customer.PostAsync("/carts", Json.Body("{}"))).StatusCode == HttpStatusCode.Created);
        Assert.True(recovered, "Carts.Api did not recover after Redis came back");
    }

    [Fact]
    public async Task Products_down_makes_adding_503_while_reading_and_clearing_still_work()
    {
        var productId = (await _api.Catalog.CreateProductAsync())["id"]!.GetValue<string>();
        var cartId = await _api.Customer.CreateCartAsync();
        await _api.Customer.AddItemAsync(cartId, productId);

        await _api.Products.DisposeAsync();
        var add = await _api.Customer.AddItemAsync(cartId, productId);
        var get = await _api.Customer.GetAsync($"/carts/{cartId}");
        var remove = await _api.Customer.PutAsync($"/carts/{cartId}/items/{productId}", Json.Body("""{ "quantity": 0 }"""));
        var clear = await _api.Customer.DeleteAsync($"/carts/{cartId}");

        await add.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(add.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(1, (await get.ReadJsonAsync()).Line(productId)!["quantity"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();
}
