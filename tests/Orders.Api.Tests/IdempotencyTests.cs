using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Orders.Api.Tests;

public class IdempotencyTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    private readonly HttpClient _orders = fixture.Stack.OrdersAdmin;
    private readonly HttpClient _products = fixture.Stack.Catalog;

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_creates_nothing()
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var user = OrderClient.NewUser();
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(user, key, $$"""{ "user_id": "{{user}}", "items": [ { "product_id": "{{product.Id()}}", "quantity": 2 } ] }""");
        var retry = await PostAsync(user, key, $$"""{"items":[{"quantity":2,"product_id":"{{product.Id()}}"}],"user_id":"{{user}}"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Single((await _orders.GetFromJsonAsync<JsonArray>($"/orders?user_id={user}"))!);
        Assert.Equal(8, await _products.StockOfAsync(product.Id()));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422()
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var key = Guid.NewGuid().ToString();
        await PostAsync("u-a", key, $$"""{ "user_id": "u-a", "items": [ { "product_id": "{{product.Id()}}", "quantity": 1 } ] }""");

        var other = await PostAsync("u-a", key, $$"""{ "user_id": "u-a", "items": [ { "product_id": "{{product.Id()}}", "quantity": 3 } ] }""");

        await other.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(9, await _products.StockOfAsync(product.Id()));
    }

    [Fact]
    public async Task A_refusal_is_replayed_too()
    {
        var product = await _products.CreateProductAsync(stock: 1);
        var key = Guid.NewGuid().ToString();
        var body = $$"""{ "user_id": "u-b", "items": [ { "product_id": "{{product.Id()}}", "quantity": 5 } ] }""";

        var first = await PostAsync("u-b", key, body);
        await _products.PutAsync($"/products/{product.Id()}", Json.Body(new { sku = product["sku"]!.GetValue<string>(), name = "More", price = 1, stock = 50 }));
        var retry = await PostAsync("u-b", key, body);

        await first.AssertProblemAsync(HttpStatusCode.Conflict);
        var replayed = await retry.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(replayed.TryGetProperty("unavailable", out _));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_key_create_one_order()
    {
        var product = await _products.CreateProductAsync(stock: 100);
        var user = OrderClient.NewUser();
        var key = Guid.NewGuid().ToString();
        var body = $$"""{ "user_id": "{{user}}", "items": [ { "product_id": "{{product.Id()}}", "quantity": 1 } ] }""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(user, key, body)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        // A request that met the first one still running says so, for a client to wait rather than give up.
        foreach (var waiting in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.True((await waiting.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("in_progress").GetBoolean());
        }

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Headers.Location).Distinct().ToList();
        Assert.Single(created);
        Assert.Single((await _orders.GetFromJsonAsync<JsonArray>($"/orders?user_id={user}"))!);
        Assert.Equal(99, await _products.StockOfAsync(product.Id()));

        var late = await PostAsync(user, key, body);
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.Equal(created[0], late.Headers.Location);
    }

    [Fact]
    public async Task An_over_long_key_is_400()
    {
        var response = await PostAsync("u", new string('k', 201), """{ "user_id": "u", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000001", "quantity": 1 } ] }""");

        await response.AssertValidationProblemAsync("Idempotency-Key");
    }

    /// <summary>Checks out as the person <paramref name="user"/>, with an Idempotency-Key.</summary>
    private Task<HttpResponseMessage> PostAsync(string user, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = Json.Body(body) };
        request.Headers.Add("Idempotency-Key", key);
        return fixture.Stack.OrdersOf(user).SendAsync(request);
    }
}
