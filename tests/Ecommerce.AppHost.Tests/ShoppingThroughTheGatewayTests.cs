using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests;

// The JSON schema validator brings a root namespace named Json; the tests' Json is the test support's.
using Json = Ecommerce.TestSupport.Json;

/// <summary>
/// Customers' paths through the gateway, on the platform as the AppHost declares it, each caller with a real token of
/// its Identity.Api: people who registered and logged in, and the back office.
/// </summary>
[Collection(SharedPlatform.Name)]
public class ShoppingThroughTheGatewayTests(PlatformFixture platform) : IAsyncLifetime
{
    private GatewayCaller _backOffice = null!;

    public async ValueTask InitializeAsync() => _backOffice = await platform.App.BackOfficeAsync();

    [Fact]
    public async Task A_cart_is_filled_checked_out_paid_shipped_and_delivered()
    {
        using var customer = await platform.App.NewCustomerAsync();
        var shirt = await _backOffice.Client.CreateProductAsync(stock: 10, price: 19.99m);
        var mug = await _backOffice.Client.CreateProductAsync(stock: 5, price: 7.5m);
        var cart = await (await customer.Client.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        var cartId = Id(cart);

        Assert.Equal(HttpStatusCode.OK, (await customer.Client.PostAsync($"/carts/{cartId}/items", Json.Body(new { product_id = Id(shirt), quantity = 2 }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.Client.PostAsync($"/carts/{cartId}/items", Json.Body(new { product_id = Id(mug), quantity = 1 }))).StatusCode);

        var placed = await customer.Client.PostAsync("/orders", Json.Body(new { cart_id = cartId }));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadJsonAsync();
        Assert.Equal(47.48m, order["total"]!.GetValue<decimal>());
        Assert.Equal(customer.Subject, order["user_id"]!.GetValue<string>());

        foreach (var status in new[] { "paid", "shipped", "delivered" })
        {
            var changed = await _backOffice.Client.PutAsync($"/orders/{Id(order)}/status", Json.Body(new { status }));
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        var delivered = await customer.Client.GetFromJsonAsync<JsonNode>($"/orders/{Id(order)}");
        Assert.Equal(["pending", "paid", "shipped", "delivered"],
            delivered!["status_history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        Assert.Empty((await customer.Client.GetFromJsonAsync<JsonNode>($"/carts/{cartId}"))!["items"]!.AsArray());
        Assert.Equal(8, await customer.Client.StockOfAsync(Id(shirt)));
        Assert.Equal(4, await customer.Client.StockOfAsync(Id(mug)));
    }

    [Fact]
    public async Task Two_customers_each_see_only_their_own_carts_and_orders_and_only_an_admin_ships()
    {
        using var alice = await platform.App.NewCustomerAsync();
        using var bob = await platform.App.NewCustomerAsync();
        using var admin = await platform.App.AdminAsync();
        var product = await _backOffice.Client.CreateProductAsync(stock: 10, price: 3m);
        var alicesCart = Id(await (await alice.Client.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync());
        await alice.Client.PostAsync($"/carts/{alicesCart}/items", Json.Body(new { product_id = Id(product), quantity = 2 }));
        var alicesOrder = await (await alice.Client.PostAsync("/orders", Json.Body(new { items = new[] { new { product_id = Id(product), quantity = 1 } } }))).ReadJsonAsync();
        var bobsOrder = await (await bob.Client.PostAsync("/orders", Json.Body(new { items = new[] { new { product_id = Id(product), quantity = 1 } } }))).ReadJsonAsync();

        // Bob can neither see nor touch Alice's cart or order: to him they do not exist.
        await (await bob.Client.GetAsync($"/carts/{alicesCart}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.PostAsync($"/carts/{alicesCart}/items", Json.Body(new { product_id = Id(product), quantity = 1 }))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.PostAsync("/orders", Json.Body(new { cart_id = alicesCart }))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.GetAsync($"/orders/{Id(alicesOrder)}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.PutAsync($"/orders/{Id(alicesOrder)}/status", Json.Body(new { status = "cancelled" }))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([Id(bobsOrder)], (await bob.Client.GetFromJsonAsync<JsonArray>("/orders"))!.Select(o => Id(o!)));
        Assert.Equal([Id(alicesOrder)], (await alice.Client.GetFromJsonAsync<JsonArray>("/orders"))!.Select(o => Id(o!)));
        await (await bob.Client.GetAsync($"/orders?user_id={alice.Subject}")).AssertProblemAsync(HttpStatusCode.Forbidden);

        // Alice may cancel her order, not pay or ship it; the admin sees everyone's and moves it along.
        await (await alice.Client.PutAsync($"/orders/{Id(alicesOrder)}/status", Json.Body(new { status = "paid" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await alice.Client.PostAsync("/products", Json.Body(new { sku = $"SKU-{Guid.NewGuid():N}", name = "Free", price = 0.01 }))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(Id(alicesOrder), (await admin.Client.GetFromJsonAsync<JsonArray>($"/orders?user_id={alice.Subject}"))!.Select(o => Id(o!)));
        foreach (var status in new[] { "paid", "shipped" })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.Client.PutAsync($"/orders/{Id(alicesOrder)}/status", Json.Body(new { status }))).StatusCode);
        }

        var shipped = await alice.Client.GetFromJsonAsync<JsonNode>($"/orders/{Id(alicesOrder)}");
        Assert.Equal("shipped", shipped!["status"]!.GetValue<string>());
        Assert.Equal(2, (await alice.Client.GetFromJsonAsync<JsonNode>($"/carts/{alicesCart}"))!["total_quantity"]!.GetValue<int>());
        Assert.Equal(8, await bob.Client.StockOfAsync(Id(product)));
    }

    [Fact]
    public async Task A_cancelled_order_gives_its_stock_back()
    {
        using var customer = await platform.App.NewCustomerAsync();
        var product = await _backOffice.Client.CreateProductAsync(stock: 6);
        var placed = await customer.Client.PostAsync("/orders/", Json.Body(new { items = new[] { new { product_id = Id(product), quantity = 4 } } }));
        var order = await placed.ReadJsonAsync();
        Assert.Equal(2, await customer.Client.StockOfAsync(Id(product)));

        var cancelled = await customer.Client.PutAsync($"/orders/{Id(order)}/status", Json.Body(new { status = "cancelled" }));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(6, await customer.Client.StockOfAsync(Id(product)));
    }

    [Fact]
    public async Task The_inventory_api_is_not_routed_by_the_gateway_and_takes_only_orders_apis_token()
    {
        var product = await _backOffice.Client.CreateProductAsync(stock: 3);
        var reservation = new { reservation_id = Guid.CreateVersion7(), items = new[] { new { product_id = Id(product), quantity = 1 } } };

        var throughGateway = await _backOffice.Client.PostAsync("/inventory/reservations", Json.Body(reservation));
        using var products = platform.App.CreateHttpClient("products");
        var anonymous = await products.PostAsync("/inventory/reservations", Json.Body(reservation));
        using var backOfficeDirect = new HttpRequestMessage(HttpMethod.Post, "/inventory/reservations") { Content = Json.Body(reservation) };
        backOfficeDirect.Headers.Authorization = new("Bearer", _backOffice.AccessToken);
        var backOffice = await products.SendAsync(backOfficeDirect);

        Assert.Equal(HttpStatusCode.NotFound, throughGateway.StatusCode);
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await backOffice.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(3, await _backOffice.Client.StockOfAsync(Id(product)));
    }

    [Fact]
    public async Task Errors_come_through_the_gateway_as_problem_details()
    {
        using var customer = await platform.App.NewCustomerAsync();

        await (await customer.Client.GetAsync($"/products/{Guid.CreateVersion7()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await customer.Client.PostAsync("/orders", Json.Body("""{ "items": [] }"""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        var anonymous = await platform.Gateway.GetAsync("/orders");
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Validation_problems_keep_their_errors_through_the_gateway()
    {
        var response = await _backOffice.Client.PostAsync("/products", Json.Body("""{ "sku": 5, "name": "x", "price": 1 }"""));

        await response.AssertValidationProblemAsync("sku");
    }

    public ValueTask DisposeAsync()
    {
        _backOffice?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Id(JsonNode node) => node["id"]!.GetValue<string>();
}
