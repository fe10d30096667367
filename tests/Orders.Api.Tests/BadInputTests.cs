using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Orders.Api.Tests;

public class BadInputTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    private readonly HttpClient _orders = fixture.Stack.OrdersOf("u");

    public static TheoryData<string, string> BadOrders => new()
    {
        { "malformed JSON", """{ "user_id": "u", "items": [ """ },
        { "neither items nor cart", """{ "user_id": "u" }""" },
        { "both items and cart", """{ "user_id": "u", "cart_id": "0193a1b2-0000-7000-8000-000000000001", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 1 } ] }""" },
        { "empty items", """{ "user_id": "u", "items": [] }""" },
        { "quantity 0", """{ "user_id": "u", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 0 } ] }""" },
        { "quantity as a string", """{ "user_id": "u", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": "1" } ] }""" },
        { "quantity too large for an int", """{ "user_id": "u", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 1e12 } ] }""" },
        { "product_id not a uuid", """{ "user_id": "u", "items": [ { "product_id": "x", "quantity": 1 } ] }""" },
        { "cart_id not a uuid", """{ "cart_id": "x" }""" },
        { "10,000-character user", $$"""{ "user_id": "{{new string('u', 10_000)}}", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 1 } ] }""" },
        { "NUL in user", """{ "user_id": "u\u0000", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 1 } ] }""" },
        { "items not an array", """{ "user_id": "u", "items": { } }""" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task A_bad_order_is_400_and_nothing_is_stored(string why, string body)
    {
        var response = await _orders.PostAsync("/orders", Json.Body(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _), why);
        Assert.Equal("[]", await _orders.GetStringAsync("/orders?user_id=u"));
    }

    [Theory]
    [InlineData("""{ "user_id": "u", "items": [null] }""", "items[0]")]
    [InlineData("""{ "user_id": "u", "items": [ { "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 1 }, null ] }""", "items[1]")]
    [InlineData("""{ "user_id": "u", "items": [ { "quantity": 1 } ] }""", "items[0].product_id")]
    public async Task A_null_or_incomplete_line_is_named_in_errors(string body, string field)
    {
        var response = await _orders.PostAsync("/orders", Json.Body(body));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal("[]", await _orders.GetStringAsync("/orders?user_id=u"));
    }

    [Fact]
    public async Task Not_json_is_415_too_large_is_413_wrong_method_405()
    {
        await (await _orders.PostAsync("/orders", new StringContent("user_id=u"))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await _orders.PostAsync("/orders", Json.Body($$"""{ "user_id": "{{new string('u', 2 * 1024 * 1024)}}" }""")))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await _orders.DeleteAsync("/orders")).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_order_statuses_as_they_travel()
    {
        var document = await _orders.GetFromJsonAsync<JsonNode>("/openapi/v1.json");

        var status = document!["components"]!["schemas"]!["OrderStatus"]!;
        Assert.Equal("string", status["type"]!.GetValue<string>());
        Assert.Equal(["pending", "paid", "shipped", "delivered", "cancelled"], status["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public Task Health_openapi_and_the_reference_page_are_served() => _orders.AssertServedAsync("/orders", "/orders/statuses", "/orders/{id}/status");
}
