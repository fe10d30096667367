using System.Net;
using Carts.Api.Model;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Carts.Api.Tests;

public class CartsApiTests(CartsApiFixture api) : IClassFixture<CartsApiFixture>
{
    private readonly HttpClient _carts = api.Customer;
    private readonly HttpClient _products = api.Catalog;

    [Fact]
    public async Task Create_returns_201_with_location_and_an_empty_cart_of_the_caller()
    {
        var response = await _carts.PostAsync("/carts/", Json.Body("{}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cart = await response.ReadJsonAsync();
        var id = cart["id"]!.GetValue<string>();
        Assert.Equal($"/carts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Callers.CustomerId, cart["user_id"]!.GetValue<string>());
        Assert.Empty(cart["items"]!.AsArray());
        Assert.Equal(0, cart["total_quantity"]!.GetValue<int>());
        Assert.Equal(0m, cart["subtotal"]!.GetValue<decimal>());
        Assert.Equal("USD", cart["currency"]!.GetValue<string>());
        var expires = DateTime.Parse(cart["expires_at"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.InRange(expires - DateTime.UtcNow, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30));
        Assert.Equal(HttpStatusCode.OK, (await _carts.GetAsync($"/carts/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("0193a1b2-0000-7000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task An_unknown_or_malformed_cart_is_404_everywhere(string id)
    {
        var product = (await _products.CreateProductAsync())["id"]!.GetValue<string>();

        await (await _carts.GetAsync($"/carts/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _carts.AddItemAsync(id, product)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _carts.PutAsync($"/carts/{id}/items/{product}", Json.Body("""{ "quantity": 2 }"""))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _carts.DeleteAsync($"/carts/{id}/items/{product}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _carts.DeleteAsync($"/carts/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Adding_snapshots_the_product_and_adding_it_again_adds_to_its_quantity()
    {
        var product = await _products.CreateProductAsync(stock: 10, price: 19.99m);
        var productId = product["id"]!.GetValue<string>();
        var cartId = await _carts.CreateCartAsync();

        var first = await _carts.PostAsync($"/carts/{cartId}/items", Json.Body($$"""{ "product_id": "{{productId}}" }"""));
        var second = await _carts.AddItemAsync(cartId, productId, 2);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.ReadJsonAsync()).Line(productId)!["quantity"]!.GetValue<int>());
        var cart = await second.ReadJsonAsync();
        var line = cart.Line(productId)!;
        Assert.Equal(3, line["quantity"]!.GetValue<int>());
        Assert.Equal(product["sku"]!.GetValue<string>(), line["sku"]!.GetValue<string>());
        Assert.Equal(product["name"]!.GetValue<string>(), line["name"]!.GetValue<string>());
        Assert.Equal(19.99m, line["unit_price"]!.GetValue<decimal>());
        Assert.Equal(59.97m, line["line_total"]!.GetValue<decimal>());
        Assert.Equal(3, cart["total_quantity"]!.GetValue<int>());
        Assert.Equal(59.97m, cart["subtotal"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Lines_keep_the_order_they_were_added_in_and_totals_add_up()
    {
        var cartId = await _carts.CreateCartAsync();
        var later = (await _products.CreateProductAsync(price: 1.10m))["id"]!.GetValue<string>();
        var earlier = (await _products.CreateProductAsync(price: 2.25m))["id"]!.GetValue<string>();

        await _carts.AddItemAsync(cartId, earlier, 2);
        var cart = await (await _carts.AddItemAsync(cartId, later, 3)).ReadJsonAsync();

        Assert.Equal([earlier, later], cart["items"]!.AsArray().Select(l => l!["product_id"]!.GetValue<string>()));
        Assert.Equal(7.80m, cart["subtotal"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_unknown_product_is_422()
    {
        var cartId = await _carts.CreateCartAsync();

        var response = await _carts.AddItemAsync(cartId, Guid.CreateVersion7().ToString());

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task More_than_the_products_stock_is_409_and_changes_nothing()
    {
        var productId = (await _products.CreateProductAsync(stock: 5))["id"]!.GetValue<string>();
        var cartId = await _carts.CreateCartAsync();
        await _carts.AddItemAsync(cartId, productId, 3);

        var over = await _carts.AddItemAsync(cartId, productId, 3);
        var overPut = await _carts.PutAsync($"/carts/{cartId}/items/{productId}", Json.Body("""{ "quantity": 6 }"""));

        await over.AssertProblemAsync(HttpStatusCode.Conflict);
        await overPut.AssertProblemAsync(HttpStatusCode.Conflict);
        var cart = await (await _carts.GetAsync($"/carts/{cartId}")).ReadJsonAsync();
        Assert.Equal(3, cart.Line(productId)!["quantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_sets_the_quantity_adds_a_missing_line_and_zero_removes_it()
    {
        var productId = (await _products.CreateProductAsync(stock: 50))["id"]!.GetValue<string>();
        var cartId = await _carts.CreateCartAsync();

        var added = await _carts.PutAsync($"/carts/{cartId}/items/{productId}", Json.Body("""{ "quantity": 4 }"""));
        Assert.Equal(4, (await added.ReadJsonAsync()).Line(productId)!["quantity"]!.GetValue<int>());

        var set = await _carts.PutAsync($"/carts/{cartId}/items/{productId}/", Json.Body("""{ "quantity": 2 }"""));
        Assert.Equal(2, (await set.ReadJsonAsync()).Line(productId)!["quantity"]!.GetValue<int>());

        var removed = await _carts.PutAsync($"/carts/{cartId}/items/{productId}", Json.Body("""{ "quantity": 0 }"""));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Null((await removed.ReadJsonAsync()).Line(productId));
    }

    [Fact]
    public async Task Delete_item_removes_the_line_and_an_absent_line_is_404()
    {
        var productId = (await _products.CreateProductAsync())["id"]!.GetValue<string>();
        var cartId = await _carts.CreateCartAsync();
        await _carts.AddItemAsync(cartId, productId);

        var removed = await _carts.DeleteAsync($"/carts/{cartId}/items/{productId}");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty((await removed.ReadJsonAsync())["items"]!.AsArray());
        await (await _carts.DeleteAsync($"/carts/{cartId}/items/{productId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_cart_clears_its_items_and_the_cart_stays_usable()
    {
        var productId = (await _products.CreateProductAsync())["id"]!.GetValue<string>();
        var cartId = await _carts.CreateCartAsync();
        await _carts.AddItemAsync(cartId, productId, 2);

        var cleared = await _carts.DeleteAsync($"/carts/{cartId}");

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        var cart = await (await _carts.GetAsync($"/carts/{cartId}")).ReadJsonAsync();
        Assert.Empty(cart["items"]!.AsArray());
        Assert.Equal(Callers.CustomerId, cart["user_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _carts.AddItemAsync(cartId, productId)).StatusCode);
    }

    [Fact]
    public async Task Forty_parallel_adds_of_one_product_give_quantity_forty()
    {
        var productId = (await _products.CreateProductAsync(stock: 100))["id"]!.GetValue<string>();
        var cartId = await _carts.CreateCartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => _carts.AddItemAsync(cartId, productId)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var cart = await (await _carts.GetAsync($"/carts/{cartId}")).ReadJsonAsync();
        Assert.Equal(40, cart.Line(productId)!["quantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task Parallel_adds_of_different_products_keep_every_line()
    {
        var products = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _products.CreateProductAsync()));
        var cartId = await _carts.CreateCartAsync();

        await Task.WhenAll(products.Select(p => _carts.AddItemAsync(cartId, p["id"]!.GetValue<string>(), 2)));

        var cart = await (await _carts.GetAsync($"/carts/{cartId}")).ReadJsonAsync();
        Assert.Equal(20, cart["items"]!.AsArray().Count);
        Assert.Equal(40, cart["total_quantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_time_to_live_is_set_on_create_and_refreshed_by_a_change()
    {
        var productId = (await _products.CreateProductAsync())["id"]!.GetValue<string>();
        var cartId = await _carts.CreateCartAsync();
        var redis = api.Carts.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = $"cart:{cartId}";

        Assert.InRange((await redis.KeyTimeToLiveAsync(key))!.Value, Cart.TimeToLive - TimeSpan.FromMinutes(1), Cart.TimeToLive);

        await redis.KeyExpireAsync(key, TimeSpan.FromHours(1));
        await _carts.GetAsync($"/carts/{cartId}");
        Assert.True(await redis.KeyTimeToLiveAsync(key) <= TimeSpan.FromHours(1), "reading must not extend a cart's life");

        await _carts.AddItemAsync(cartId, productId);
        Assert.InRange((await redis.KeyTimeToLiveAsync(key))!.Value, Cart.TimeToLive - TimeSpan.FromMinutes(1), Cart.TimeToLive);
    }

    [Fact]
    public async Task An_expired_cart_is_gone()
    {
        var cartId = await _carts.CreateCartAsync();
        var redis = api.Carts.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

        await redis.KeyExpireAsync($"cart:{cartId}", TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);

        await (await _carts.GetAsync($"/carts/{cartId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public Task Health_openapi_and_the_reference_page_are_served() => _carts.AssertServedAsync("/carts", "/carts/{id}/items");
}
