using System.Net;
using Ecommerce.TestSupport;

namespace Products.Api.Tests;

/// <summary>Stops this class's own PostgreSQL under a running service, then starts it again.</summary>
public class PostgresOutageTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private ProductsApiFixture _api = null!;

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _api = new ProductsApiFixture(_postgres);
        await _api.InitializeAsync();
    }

    [Fact]
    public async Task A_stopped_database_gives_503_with_retry_after_and_the_service_recovers_when_it_returns()
    {
        var product = await _api.Client.CreateProductAsync();

        await _postgres.Server.StopAsync();
        var down = await _api.Client.GetAsync($"/products/{product["id"]}");
        var downPost = await _api.Client.PostAsync("/products", Json.Body("""{ "sku": "DOWN", "name": "A", "price": 1 }"""));
        var health = await _api.Client.GetAsync("/health");
        var alive = await _api.Client.GetAsync("/alive");

        await down.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(down.Headers.RetryAfter);
        await downPost.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

        await _postgres.Server.StartAsync();
        var up = await _api.Client.GetAsync($"/products/{product["id"]}");

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.GetAsync("/health")).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
