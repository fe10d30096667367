using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Orders.Api.Tests;

public class LifecycleTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    private readonly HttpClient _orders = fixture.Stack.OrdersAdmin;
    private readonly HttpClient _products = fixture.Stack.Catalog;

    [Fact]
    public async Task An_order_goes_pending_paid_shipped_delivered_and_keeps_its_history()
    {
        var product = await _products.CreateProductAsync();
        var order = await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 1));

        foreach (var status in new[] { "paid", "shipped", "delivered" })
        {
            var response = await _orders.SetStatusAsync(order.Id(), status);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(status, (await response.ReadJsonAsync())["status"]!.GetValue<string>());
        }

        var history = (await _orders.GetFromJsonAsync<JsonNode>($"/orders/{order.Id()}"))!["status_history"]!.AsArray();
        Assert.Equal(["pending", "paid", "shipped", "delivered"], history.Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal(history.Select(h => h!["at"]!.GetValue<string>()).Order(StringComparer.Ordinal), history.Select(h => h!["at"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(new string[0], "pending")]
    [InlineData(new string[0], "shipped")]
    [InlineData(new string[0], "delivered")]
    [InlineData(new[] { "paid" }, "pending")]
    [InlineData(new[] { "paid" }, "delivered")]
    [InlineData(new[] { "paid", "shipped" }, "cancelled")]
    [InlineData(new[] { "paid", "shipped", "delivered" }, "cancelled")]
    [InlineData(new[] { "cancelled" }, "paid")]
    [InlineData(new[] { "cancelled" }, "cancelled")]
    public async Task A_transition_api_md_does_not_allow_is_409(string[] path, string next)
    {
        var product = await _products.CreateProductAsync();
        var order = await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 1));
        foreach (var status in path)
        {
            Assert.Equal(HttpStatusCode.OK, (await _orders.SetStatusAsync(order.Id(), status)).StatusCode);
        }

        var response = await _orders.SetStatusAsync(order.Id(), next);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("paid")]
    public async Task Cancelling_gives_the_stock_back(string before)
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var order = await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 3));
        if (before.Length > 0)
        {
            await _orders.SetStatusAsync(order.Id(), before);
        }

        Assert.Equal(7, await _products.StockOfAsync(product.Id()));

        var cancelled = await _orders.SetStatusAsync(order.Id(), "cancelled");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(10, await _products.StockOfAsync(product.Id()));
        var reservation = await _products.GetFromJsonAsync<JsonNode>($"/inventory/reservations/{order.Id()}");
        Assert.Equal("released", reservation!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_cancellations_give_the_stock_back_once()
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var order = await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 4));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _orders.SetStatusAsync(order.Id(), "cancelled")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(10, await _products.StockOfAsync(product.Id()));
    }

    [Theory]
    [InlineData("""{ "status": "lost" }""")]
    [InlineData("""{ "status": "PAID" }""")]
    [InlineData("""{ "status": 1 }""")]
    [InlineData("""{ }""")]
    public async Task An_unknown_status_is_400(string body)
    {
        var product = await _products.CreateProductAsync();
        var order = await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 1));

        var response = await _orders.PutAsync($"/orders/{order.Id()}/status", Json.Body(body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("0193a1b2-0000-7000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task An_unknown_or_malformed_order_is_404(string id)
    {
        await (await _orders.GetAsync($"/orders/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _orders.SetStatusAsync(id, "paid")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lists_filter_by_user_and_status_newest_first_with_next_links()
    {
        var product = await _products.CreateProductAsync(stock: 100);
        var user = OrderClient.NewUser();
        var placed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            placed.Add((await fixture.Stack.PlacedOrderAsync(user, (product.Id(), 1))).Id());
        }

        await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 1));
        await _orders.SetStatusAsync(placed[1], "paid");

        var seen = new List<string>();
        string? next = $"/orders?user_id={user}&limit=2";
        while (next is not null)
        {
            var response = await _orders.GetAsync(next);
            seen.AddRange((await response.ReadJsonAsync()).AsArray().Select(o => o!["id"]!.GetValue<string>()));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
        }

        Assert.Equal(Enumerable.Reverse(placed), seen);
        var paid = await _orders.GetFromJsonAsync<JsonArray>($"/orders?user_id={user}&status=paid");
        Assert.Equal([placed[1]], paid!.Select(o => o!["id"]!.GetValue<string>()));
        await (await _orders.GetAsync("/orders?status=lost")).AssertValidationProblemAsync("status");
        await (await _orders.GetAsync("/orders?limit=-1")).AssertValidationProblemAsync("limit");
    }
}
