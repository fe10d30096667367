using System.Net;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

namespace Carts.Api.Tests;

public class BadInputTests(CartsApiFixture api) : IClassFixture<CartsApiFixture>
{
    private readonly HttpClient _carts = api.Customer;

    public static TheoryData<string, string> BadCarts => new()
    {
        { "malformed JSON", """{ "user_id": """ },
        { "number user_id", """{ "user_id": 42 }""" },
        { "empty user_id", """{ "user_id": "" }""" },
        { "129 characters", $$"""{ "user_id": "{{new string('u', 129)}}" }""" },
        { "10,000 characters", $$"""{ "user_id": "{{new string('u', 10_000)}}" }""" },
        { "NUL", """{ "user_id": "u\u0000" }""" },
        { "lone surrogate", """{ "user_id": "u\udc00" }""" },
    };

    [Theory]
    [MemberData(nameof(BadCarts))]
    public async Task A_bad_cart_is_400(string why, string body)
    {
        var response = await _carts.PostAsync("/carts", Json.Body(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _), why);
    }

    [Theory]
    [InlineData("{ }")]
    [InlineData("""{ "user_id": null }""")]
    [InlineData($$"""{ "user_id": "{{Callers.CustomerId}}" }""")]
    public async Task A_cart_without_user_id_or_with_the_callers_own_is_the_callers(string body)
    {
        var response = await _carts.PostAsync("/carts", Json.Body(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Callers.CustomerId, (await response.ReadJsonAsync())["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cart_for_someone_else_is_403()
    {
        var response = await _carts.PostAsync("/carts", Json.Body($$"""{ "user_id": "{{Callers.OtherCustomerId}}" }"""));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    public static TheoryData<string, string> BadItems => new()
    {
        { "quantity 0", """{ "product_id": "0193a1b2-0000-7000-8000-000000000001", "quantity": 0 }""" },
        { "quantity 1001", """{ "product_id": "0193a1b2-0000-7000-8000-000000000001", "quantity": 1001 }""" },
        { "quantity as a string", """{ "product_id": "0193a1b2-0000-7000-8000-000000000001", "quantity": "2" }""" },
        { "negative quantity", """{ "product_id": "0193a1b2-0000-7000-8000-000000000001", "quantity": -1 }""" },
        { "product_id not a uuid", """{ "product_id": "abc", "quantity": 1 }""" },
        { "missing product_id", """{ "quantity": 1 }""" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task A_bad_item_is_400(string why, string body)
    {
        var cartId = await _carts.CreateCartAsync();

        var response = await _carts.PostAsync($"/carts/{cartId}/items", Json.Body(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _), why);
    }

    [Fact]
    public async Task Unicode_user_ids_round_trip_exactly()
    {
        const string userId = "ü-🧦-\"x\"";
        using var carts = api.CustomerOf(userId);

        var cartId = await carts.CreateCartAsync();

        var cart = await (await carts.GetAsync($"/carts/{cartId}")).ReadJsonAsync();
        Assert.Equal(userId, cart["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Not_json_is_415_and_too_large_is_413()
    {
        await (await _carts.PostAsync("/carts", new StringContent("user_id=u"))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await _carts.PostAsync("/carts", Json.Body($$"""{ "user_id": "{{new string('u', 2 * 1024 * 1024)}}" }""")))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
