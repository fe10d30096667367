using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests;

// The JSON schema validator brings a root namespace named Json; the tests' Json is the test support's.
using Json = Ecommerce.TestSupport.Json;

/// <summary>A customer's path through the gateway, on the platform as the AppHost declares it.</summary>
[Collection(SharedPlatform.Name)]
public class ShoppingThroughTheGatewayTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task A_cart_is_filled_checked_out_paid_shipped_and_delivered()
    {
        var shirt = await _gateway.CreateProductAsync(stock: 10, price: 19.99m);
        var mug = await _gateway.CreateProductAsync(stock: 5, price: 7.5m);
        var cart = await (await _gateway.PostAsync("/carts", Json.Body(new { user_id = "u-e2e" }))).ReadJsonAsync();
        var cartId = cart["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync($"/carts/{cartId}/items", Json.Body(new { product_id = Id(shirt), quantity = 2 }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.PostAsync($"/carts/{cartId}/items", Json.Body(new { product_id = Id(mug), quantity = 1 }))).StatusCode);

        var placed = await _gateway.PostAsync("/orders", Json.Body(new { cart_id = cartId }));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadJsonAsync();
        Assert.Equal(47.48m, order["total"]!.GetValue<decimal>());
        Assert.Equal("u-e2e", order["user_id"]!.GetValue<string>());

        foreach (var status in new[] { "paid", "shipped", "delivered" })
        {
            var changed = await _gateway.PutAsync($"/orders/{Id(order)}/status", Json.Body(new { status }));
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        var delivered = await _gateway.GetFromJsonAsync<JsonNode>($"/orders/{Id(order)}");
        Assert.Equal(["pending", "paid", "shipped", "delivered"],
            delivered!["status_history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        Assert.Empty((await _gateway.GetFromJsonAsync<JsonNode>($"/carts/{cartId}"))!["items"]!.AsArray());
        Assert.Equal(8, await _gateway.StockOfAsync(Id(shirt)));
        Assert.Equal(4, await _gateway.StockOfAsync(Id(mug)));
    }

    [Fact]
    public async Task A_cancelled_order_gives_its_stock_back()
    {
        var product = await _gateway.CreateProductAsync(stock: 6);
        var placed = await _gateway.PostAsync("/orders/", Json.Body(new { user_id = "u-cancel", items = new[] { new { product_id = Id(product), quantity = 4 } } }));
        var order = await placed.ReadJsonAsync();
        Assert.Equal(2, await _gateway.StockOfAsync(Id(product)));

        var cancelled = await _gateway.PutAsync($"/orders/{Id(order)}/status", Json.Body(new { status = "cancelled" }));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(6, await _gateway.StockOfAsync(Id(product)));
    }

    [Fact]
    public async Task The_inventory_api_is_not_routed_by_the_gateway()
    {
        var product = await _gateway.CreateProductAsync(stock: 3);
        var reservation = new { reservation_id = Guid.CreateVersion7(), items = new[] { new { product_id = Id(product), quantity = 1 } } };

        var throughGateway = await _gateway.PostAsync("/inventory/reservations", Json.Body(reservation));
        using var products = platform.App.CreateHttpClient("products");
        var direct = await products.GetAsync($"/inventory/reservations/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.NotFound, throughGateway.StatusCode);
        await direct.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(3, await _gateway.StockOfAsync(Id(product)));
    }

    [Fact]
    public async Task Errors_come_through_the_gateway_as_problem_details()
    {
        await (await _gateway.GetAsync($"/products/{Guid.CreateVersion7()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _gateway.PostAsync("/orders", Json.Body("""{ "user_id": "u", "items": [] }"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Validation_problems_keep_their_errors_through_the_gateway()
    {
        var response = await _gateway.PostAsync("/products", Json.Body("""{ "sku": 5, "name": "x", "price": 1 }"""));

        await response.AssertValidationProblemAsync("sku");
    }

    private static string Id(JsonNode node) => node["id"]!.GetValue<string>();
}
