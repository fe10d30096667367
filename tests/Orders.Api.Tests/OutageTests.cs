using System.Net;
using Ecommerce.TestSupport;

namespace Orders.Api.Tests;

/// <summary>A dependency stops under a running Orders.Api; each test has its own servers to stop.</summary>
public class OutageTests(PostgresFixture catalogServer, RedisFixture redis) : IAsyncLifetime
{
    private readonly PostgresFixture _ordersServer = new();
    private ServicesOnRealPorts _stack = null!;

    public async ValueTask InitializeAsync()
    {
        await _ordersServer.InitializeAsync();
        _stack = await ServicesOnRealPorts.StartAsync(catalogServer, _ordersServer, redis);
    }

    [Fact]
    public async Task Products_down_is_503_with_retry_after_and_the_key_stays_usable()
    {
        var product = await _stack.Catalog.CreateProductAsync(stock: 5);
        await _stack.Products.DisposeAsync();

        var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = Json.Body(new { user_id = "u", items = new[] { new { product_id = product.Id(), quantity = 1 } } }),
        };
        request.Headers.Add("Idempotency-Key", "outage-key");
        var response = await _stack.OrdersOf("u").SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("[]", await _stack.OrdersAdmin.GetStringAsync("/orders?user_id=u"));
    }

    [Fact]
    public async Task The_orders_database_down_is_503_and_the_reserved_stock_is_given_back()
    {
        var product = await _stack.Catalog.CreateProductAsync(stock: 5);
        await _ordersServer.Server.StopAsync();

        var response = await _stack.PlaceOrderAsync("u", (product.Id(), 2));

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(5, await _stack.Catalog.StockOfAsync(product.Id()));

        await _ordersServer.Server.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await _stack.PlaceOrderAsync("u", (product.Id(), 2))).StatusCode);
    }

    [Fact]
    public async Task Carts_down_makes_a_cart_checkout_503_while_item_checkouts_still_work()
    {
        var product = await _stack.Catalog.CreateProductAsync(stock: 5);
        var cart = await (await _stack.CartsOf("u-c").PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        await _stack.Carts.DisposeAsync();

        var fromCart = await _stack.OrdersOf("u-c").PostAsync("/orders", Json.Body(new { cart_id = cart.Id() }));
        var fromItems = await _stack.PlaceOrderAsync("u-c", (product.Id(), 1));

        await fromCart.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.Created, fromItems.StatusCode);
    }

    [Fact]
    public async Task Products_down_an_order_whose_stock_is_not_confirmed_can_be_cancelled_but_not_paid()
    {
        var product = await _stack.Catalog.CreateProductAsync(stock: 5);
        var orderId = Guid.CreateVersion7();
        var reserved = await (await _stack.Catalog.ReserveAsync(orderId, 300, (product.Id(), 1))).ReadJsonAsync();
        await _stack.Orders.StoreUnconfirmedOrderAsync(orderId, reserved, placedAgo: TimeSpan.Zero);
        await _stack.Products.DisposeAsync();

        var pay = await _stack.OrdersAdmin.SetStatusAsync(orderId.ToString(), "paid");
        var cancel = await _stack.OrdersAdmin.SetStatusAsync(orderId.ToString(), "cancelled");

        var problem = await pay.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not confirmed yet", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.ReadJsonAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Identity_down_makes_a_checkout_503_with_retry_after_and_a_service_without_its_keys_503_too()
    {
        var product = await _stack.Catalog.CreateProductAsync(stock: 5);
        // Orders.Api knows the keys (it checked a token), but has not needed its own token yet; Carts.Api has checked none.
        Assert.Equal("[]", await _stack.OrdersAdmin.GetStringAsync("/orders?user_id=u-i"));
        await _stack.Identity.DisposeAsync();

        var checkout = await _stack.PlaceOrderAsync("u-i", (product.Id(), 1));
        var cart = await _stack.CartsOf("u-i").PostAsync("/carts", Json.Body("{}"));

        await checkout.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(checkout.Headers.RetryAfter);
        await cart.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(5, await _stack.Catalog.StockOfAsync(product.Id()));
        Assert.Equal("[]", await _stack.OrdersAdmin.GetStringAsync("/orders?user_id=u-i"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _ordersServer.DisposeAsync();
    }
}
