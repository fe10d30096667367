using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>Machines get tokens for themselves with their secret, for the scopes they are registered with only.</summary>
public class ClientCredentialsTests(IdentityApiFixture identity) : IClassFixture<IdentityApiFixture>
{
    private readonly HttpClient _client = identity.Client;

    [Fact]
    public async Task The_back_office_gets_a_token_for_products_and_orders_as_the_contract_says()
    {
        var tokens = await _client.ClientCredentialsAsync("back-office", identity.Settings.BackOfficeSecret, "catalog.write orders.manage").TokensAsync();

        Assert.Equal("Bearer", tokens["token_type"]!.GetValue<string>());
        Assert.Null(tokens["refresh_token"]);
        var (header, payload) = OAuthClient.Decode(tokens["access_token"]!.GetValue<string>());
        Assert.Equal("at+jwt", header["typ"]!.GetValue<string>());
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal(IdentitySettings.Issuer, payload["iss"]!.GetValue<string>());
        Assert.Equal("back-office", payload["sub"]!.GetValue<string>());
        Assert.Equal("back-office", payload["client_id"]!.GetValue<string>());
        Assert.Equal("catalog.write orders.manage", payload["scope"]!.GetValue<string>());
        Assert.Equal(["orders", "products"], Audiences(payload).Order(StringComparer.Ordinal));
        Assert.Equal(15 * 60, payload["exp"]!.GetValue<long>() - payload["iat"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(payload["jti"]?.GetValue<string>()));
        Assert.Null(payload["role"]);
    }

    [Fact]
    public async Task Orders_gets_a_token_for_the_inventory_of_products()
    {
        var tokens = await _client.ClientCredentialsAsync("orders-service", identity.Settings.OrdersServiceSecret, "inventory").TokensAsync();

        var (_, payload) = OAuthClient.Decode(tokens["access_token"]!.GetValue<string>());
        Assert.Equal("inventory", payload["scope"]!.GetValue<string>());
        Assert.Equal(["products"], Audiences(payload));
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_client_and_a_public_client_get_invalid_client()
    {
        var wrong = await _client.ClientCredentialsAsync("back-office", "not-the-secret", "catalog.write");
        var unknown = await _client.ClientCredentialsAsync("nobody", "whatever", "catalog.write");
        var publicClient = await _client.TokenAsync(("grant_type", "client_credentials"), ("client_id", "api-reference"), ("scope", "carts"));

        await AssertOAuthErrorAsync(wrong, "invalid_client");
        await AssertOAuthErrorAsync(unknown, "invalid_client");
        Assert.True(publicClient.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized);
        Assert.Contains((await Json(publicClient))["error"]!.GetValue<string>(), new[] { "unauthorized_client", "invalid_client", "invalid_request" });
    }

    [Fact]
    public async Task A_scope_the_client_is_not_registered_for_is_refused()
    {
        var response = await _client.ClientCredentialsAsync("orders-service", identity.Settings.OrdersServiceSecret, "catalog.write");

        // OpenIddict answers invalid_request (RFC 6749 would allow invalid_scope), saying which scope.
        await AssertOAuthErrorAsync(response, "invalid_request");
        Assert.Contains("scope", (await Json(response))["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_grant_is_not_offered()
    {
        var response = await _client.TokenAsync(("grant_type", "password"), ("client_id", "api-reference"),
            ("username", "admin@shop.test"), ("password", identity.Settings.AdminPassword));

        await AssertOAuthErrorAsync(response, "unsupported_grant_type");
    }

    internal static IEnumerable<string> Audiences(JsonObject payload) => payload["aud"] switch
    {
        JsonArray many => many.Select(a => a!.GetValue<string>()),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    internal static async Task AssertOAuthErrorAsync(HttpResponseMessage response, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(error, JsonNode.Parse(body)!["error"]!.GetValue<string>());
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
