using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Products.Api.Infrastructure;

namespace Orders.Api.Tests;

public class CheckoutTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    private readonly HttpClient _orders = fixture.Stack.OrdersAdmin;
    private readonly HttpClient _products = fixture.Stack.Catalog;

    [Fact]
    public async Task An_order_from_items_is_priced_by_the_reservation_and_its_stock_committed()
    {
        var shirt = await _products.CreateProductAsync(stock: 10, price: 19.99m);
        var mug = await _products.CreateProductAsync(stock: 5, price: 7.5m);

        var response = await fixture.Stack.OrdersOf("u-42").PostAsync("/orders/", Json.Body($$"""
            { "user_id": "u-42", "items": [ { "product_id": "{{shirt.Id()}}", "quantity": 2 },
                                           { "product_id": "{{mug.Id()}}", "quantity": 1 },
                                           { "product_id": "{{shirt.Id()}}", "quantity": 1 } ],
              "total": 0.01, "status": "delivered" }
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.ReadJsonAsync();
        Assert.Equal($"/orders/{order.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("pending", order["status"]!.GetValue<string>());
        Assert.Equal("u-42", order["user_id"]!.GetValue<string>());
        Assert.Equal(67.47m, order["total"]!.GetValue<decimal>());
        Assert.Equal("USD", order["currency"]!.GetValue<string>());
        var shirtLine = order["items"]!.AsArray().Single(i => i!["product_id"]!.GetValue<string>() == shirt.Id())!;
        Assert.Equal(3, shirtLine["quantity"]!.GetValue<int>());
        Assert.Equal(59.97m, shirtLine["line_total"]!.GetValue<decimal>());
        Assert.Equal(shirt["sku"]!.GetValue<string>(), shirtLine["sku"]!.GetValue<string>());
        Assert.Equal(["pending"], order["status_history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));

        // The reservation is confirmed by a batch just after the answer.
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), async () =>
            (await _products.GetFromJsonAsync<JsonNode>($"/inventory/reservations/{order.Id()}"))!["status"]!.GetValue<string>() == "committed"));
        Assert.Equal(7, await _products.StockOfAsync(shirt.Id()));
        Assert.Equal(4, await _products.StockOfAsync(mug.Id()));
        var fetched = await (await _orders.GetAsync($"/orders/{order.Id()}")).ReadJsonAsync();
        Assert.Equal(order.ToJsonString(), fetched.ToJsonString());
    }

    [Fact]
    public async Task Later_price_changes_do_not_touch_a_placed_order()
    {
        var product = await _products.CreateProductAsync(price: 10m);
        var order = await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 1));

        await _products.PutAsync($"/products/{product.Id()}", Json.Body(new { sku = product["sku"]!.GetValue<string>(), name = "Dearer", price = 99m, stock = 9 }));

        var fetched = await (await _orders.GetAsync($"/orders/{order.Id()}")).ReadJsonAsync();
        Assert.Equal(10m, fetched["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Checking_out_a_cart_takes_its_user_and_items_and_empties_it()
    {
        var product = await _products.CreateProductAsync(stock: 10, price: 4m);
        var carts = fixture.Stack.CartsOf("u-cart");
        var cart = await (await carts.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        await carts.PostAsync($"/carts/{cart.Id()}/items", Json.Body(new { product_id = product.Id(), quantity = 3 }));

        var response = await fixture.Stack.OrdersOf("u-cart").PostAsync("/orders", Json.Body(new { cart_id = cart.Id() }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.ReadJsonAsync();
        Assert.Equal("u-cart", order["user_id"]!.GetValue<string>());
        Assert.Equal(cart.Id(), order["cart_id"]!.GetValue<string>());
        Assert.Equal(12m, order["total"]!.GetValue<decimal>());
        var emptied = await (await carts.GetAsync($"/carts/{cart.Id()}")).ReadJsonAsync();
        Assert.Empty(emptied["items"]!.AsArray());
        Assert.Equal(7, await _products.StockOfAsync(product.Id()));
    }

    [Fact]
    public async Task An_unknown_cart_is_404_an_empty_one_400_someone_elses_404_and_another_user_id_403()
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var owner = fixture.Stack.CartsOf("u-owner");
        var emptyCart = await (await owner.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        var fullCart = await (await owner.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        await owner.PostAsync($"/carts/{fullCart.Id()}/items", Json.Body(new { product_id = product.Id(), quantity = 2 }));
        var orders = fixture.Stack.OrdersOf("u-owner");

        await (await orders.PostAsync("/orders", Json.Body(new { cart_id = Guid.CreateVersion7() }))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await orders.PostAsync("/orders", Json.Body(new { cart_id = emptyCart.Id() }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await orders.PostAsync("/orders", Json.Body(new { cart_id = fullCart.Id(), user_id = "u-other" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.Stack.OrdersOf("u-other").PostAsync("/orders", Json.Body(new { cart_id = fullCart.Id() }))).AssertProblemAsync(HttpStatusCode.NotFound);

        var untouched = await (await owner.GetAsync($"/carts/{fullCart.Id()}")).ReadJsonAsync();
        Assert.Equal(2, untouched["total_quantity"]!.GetValue<int>());
        Assert.Equal(10, await _products.StockOfAsync(product.Id()));
        Assert.Equal("[]", await fixture.Stack.OrdersAdmin.GetStringAsync("/orders?user_id=u-other"));
    }

    [Fact]
    public async Task Insufficient_stock_is_409_and_reserves_nothing()
    {
        var plenty = await _products.CreateProductAsync(stock: 10);
        var scarce = await _products.CreateProductAsync(stock: 1);

        var response = await fixture.Stack.PlaceOrderAsync(OrderClient.NewUser(), (plenty.Id(), 2), (scarce.Id(), 2));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(scarce.Id(), problem.GetProperty("unavailable")[0].GetProperty("product_id").GetString());
        Assert.Equal(10, await _products.StockOfAsync(plenty.Id()));
        Assert.Equal(1, await _products.StockOfAsync(scarce.Id()));
    }

    [Fact]
    public async Task An_unknown_product_is_422()
    {
        var response = await fixture.Stack.PlaceOrderAsync(OrderClient.NewUser(), (Guid.CreateVersion7().ToString(), 1));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, problem.GetProperty("unknown_product_ids").GetArrayLength());
    }

    [Fact]
    public async Task One_hundred_concurrent_orders_for_twenty_units_sell_exactly_twenty()
    {
        var product = await _products.CreateProductAsync(stock: 20);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => fixture.Stack.PlaceOrderAsync($"u-rush-{i}", (product.Id(), 1))));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(80, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var scope = fixture.Stack.Products.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var id = Guid.Parse(product.Id());
        var counts = () => catalog.Products.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Stock, p.Reserved, p.Committed }).SingleAsync();
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), async () => (await counts()).Equals(new { Stock = 0, Reserved = 0, Committed = 20 })));
        var committedUnits = await catalog.Reservations.AsNoTracking()
            .Where(r => r.Status == Products.Api.Model.ReservationStatus.Committed)
            .SelectMany(r => r.Items).Where(i => i.ProductId == id).SumAsync(i => i.Quantity);
        Assert.Equal(20, committedUnits);
    }

    [Fact]
    public async Task The_checkout_is_one_trace_across_the_three_services()
    {
        var product = await _products.CreateProductAsync();
        var carts = fixture.Stack.CartsOf("u-trace");
        var cart = await (await carts.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        await carts.PostAsync($"/carts/{cart.Id()}/items", Json.Body(new { product_id = product.Id() }));
        using var spans = new SpanRecorder();

        var response = await fixture.Stack.OrdersOf("u-trace").PostAsync("/orders", Json.Body(new { cart_id = cart.Id() }));

        var order = await response.ReadJsonAsync();
        var checkout = spans.Find(a => a.OperationName == "checkout" && Equals(a.GetTagItem("order.id"), Guid.Parse(order.Id())));
        var traceId = checkout.TraceId;
        var paths = spans.ServerSpans(traceId);
        Assert.Contains("POST /inventory/reservations", paths);
        Assert.Contains($"GET /carts/{cart.Id()}", paths);
        Assert.Contains($"DELETE /carts/{cart.Id()}", paths);
        // The reservation is confirmed in a batch, whose span is in the trace of the batch's first checkout (this one,
        // unless another test's checkout came first) and links to the others it confirms; never a trace of its own.
        bool ConfirmsThisCheckout(Activity a) => a.OperationName == "commit reservations" &&
            (a.ParentSpanId == checkout.SpanId || a.Links.Any(l => l.Context.SpanId == checkout.SpanId));
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(spans.Any(ConfirmsThisCheckout))));
        var batch = spans.Find(ConfirmsThisCheckout);
        Assert.NotEqual(default, batch.ParentSpanId);
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10),
            () => Task.FromResult(spans.ServerSpans(batch.TraceId).Contains("POST /inventory/commits"))));
    }
}
