using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>A person's login: authorization code with PKCE (S256), refresh tokens that rotate, userinfo.</summary>
public class AuthorizationCodeTests(IdentityApiFixture identity) : IClassFixture<IdentityApiFixture>
{
    private const string Scope = "openid profile email offline_access carts orders";

    [Fact]
    public async Task A_new_person_registers_signs_in_and_gets_tokens_for_carts_and_orders()
    {
        using var person = new Person(identity.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await person.RegisterAsync()).StatusCode);

        var authorization = await person.AuthorizeAsync("api-reference", IdentitySettings.Callback, Scope);

        Assert.NotNull(authorization.Code);
        Assert.StartsWith(IdentitySettings.Callback, authorization.Location!.ToString(), StringComparison.Ordinal);
        var tokens = await identity.Client.ExchangeCodeAsync("api-reference", authorization.Code, IdentitySettings.Callback, authorization.Pkce.Verifier).TokensAsync();
        var (_, access) = OAuthClient.Decode(tokens["access_token"]!.GetValue<string>());
        Assert.Equal(IdentitySettings.Issuer, access["iss"]!.GetValue<string>());
        Assert.True(Guid.TryParse(access["sub"]!.GetValue<string>(), out _));
        Assert.Equal("api-reference", access["client_id"]!.GetValue<string>());
        Assert.Equal(["carts", "orders"], ClientCredentialsTests.Audiences(access).Order(StringComparer.Ordinal));
        Assert.Equal(Scope.Split(' ').Order(StringComparer.Ordinal), access["scope"]!.GetValue<string>().Split(' ').Order(StringComparer.Ordinal));
        Assert.Null(access["email"]);
        Assert.Null(access["role"]);
        var (_, idToken) = OAuthClient.Decode(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(person.Email, idToken["email"]!.GetValue<string>());
        Assert.Equal(access["sub"]!.GetValue<string>(), idToken["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_storefront_redeems_a_code_and_its_refresh_token_only_with_its_secret()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();
        var authorization = await person.AuthorizeAsync("storefront", IdentitySettings.StorefrontCallback, Scope);
        Assert.NotNull(authorization.Code);

        (string, string)[] exchange =
        [
            ("grant_type", "authorization_code"), ("client_id", "storefront"), ("code", authorization.Code),
            ("redirect_uri", IdentitySettings.StorefrontCallback), ("code_verifier", authorization.Pkce.Verifier),
        ];
        var withoutSecret = await identity.Client.TokenAsync(exchange);
        var wrongSecret = await identity.Client.TokenAsync([.. exchange, ("client_secret", "not-the-secret")]);
        var tokens = await identity.Client.TokenAsync([.. exchange, ("client_secret", identity.Settings.StorefrontSecret)]).TokensAsync();

        await ClientCredentialsTests.AssertOAuthErrorAsync(withoutSecret, "invalid_client");
        await ClientCredentialsTests.AssertOAuthErrorAsync(wrongSecret, "invalid_client");
        Assert.Equal("storefront", OAuthClient.Decode(tokens["access_token"]!.GetValue<string>()).Payload["client_id"]!.GetValue<string>());
        var refreshToken = tokens["refresh_token"]!.GetValue<string>();
        await ClientCredentialsTests.AssertOAuthErrorAsync(await identity.Client.RefreshAsync("storefront", refreshToken), "invalid_client");
        var refreshed = await identity.Client.TokenAsync(
            ("grant_type", "refresh_token"), ("client_id", "storefront"), ("client_secret", identity.Settings.StorefrontSecret), ("refresh_token", refreshToken)).TokensAsync();
        Assert.NotEqual(refreshToken, refreshed["refresh_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_person_signs_in_on_the_login_page_when_the_authorization_request_asks_for_it()
    {
        using var registered = new Person(identity.BaseAddress);
        await registered.RegisterAsync();
        // A browser of its own, not signed in: the authorization request sends it to the login page first.
        using var person = new Person(identity.BaseAddress, registered.Email, registered.Password);
        var first = await person.Browser.GetAsync($"/connect/authorize?client_id=api-reference&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}&code_challenge={Pkce.Create().Challenge}&code_challenge_method=S256");
        Assert.Equal("/account/login", first.Headers.Location!.AbsolutePath);

        var authorization = await person.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid carts");

        Assert.NotNull(authorization.Code);
    }

    [Fact]
    public async Task A_refresh_token_is_good_once_and_the_next_one_replaces_it()
    {
        var tokens = await SignedInTokensAsync();
        var first = tokens["refresh_token"]!.GetValue<string>();

        var refreshed = await identity.Client.RefreshAsync("api-reference", first).TokensAsync();
        var reused = await identity.Client.RefreshAsync("api-reference", first);

        Assert.NotEqual(first, refreshed["refresh_token"]!.GetValue<string>());
        await ClientCredentialsTests.AssertOAuthErrorAsync(reused, "invalid_grant");
        // Reusing a refresh token revokes the whole chain: its successor is refused too.
        await ClientCredentialsTests.AssertOAuthErrorAsync(await identity.Client.RefreshAsync("api-reference", refreshed["refresh_token"]!.GetValue<string>()), "invalid_grant");
    }

    [Fact]
    public async Task Userinfo_says_who_the_token_is_for_as_far_as_its_scopes_allow()
    {
        using var person = new Person(identity.BaseAddress);
        var tokens = await SignedInTokensAsync(person);

        var info = JsonNode.Parse(await (await identity.Client.UserInfoAsync(tokens["access_token"]!.GetValue<string>())).Content.ReadAsStringAsync())!;

        Assert.Equal(person.Email, info["email"]!.GetValue<string>());
        Assert.Equal(OAuthClient.Decode(tokens["access_token"]!.GetValue<string>()).Payload["sub"]!.GetValue<string>(), info["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_code_is_good_once_and_only_with_its_verifier_and_redirect_uri()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();
        var wrongVerifier = await person.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid carts");
        var wrongRedirect = await person.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid carts");
        var reused = await person.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid carts");

        await ClientCredentialsTests.AssertOAuthErrorAsync(
            await identity.Client.ExchangeCodeAsync("api-reference", wrongVerifier.Code!, IdentitySettings.Callback, Pkce.Create().Verifier), "invalid_grant");
        await ClientCredentialsTests.AssertOAuthErrorAsync(
            await identity.Client.ExchangeCodeAsync("api-reference", wrongRedirect.Code!, "https://shop.test/elsewhere", wrongRedirect.Pkce.Verifier), "invalid_grant");
        await identity.Client.ExchangeCodeAsync("api-reference", reused.Code!, IdentitySettings.Callback, reused.Pkce.Verifier).TokensAsync();
        await ClientCredentialsTests.AssertOAuthErrorAsync(
            await identity.Client.ExchangeCodeAsync("api-reference", reused.Code!, IdentitySettings.Callback, reused.Pkce.Verifier), "invalid_grant");
    }

    [Fact]
    public async Task A_plain_challenge_is_refused()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        var plain = await person.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid carts", challengeMethod: "plain");

        await AssertRefusedAsync(plain);
    }

    [Fact]
    public async Task A_redirect_uri_the_client_has_not_registered_and_an_unknown_client_get_an_error_page_not_a_redirect()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        var foreign = await person.AuthorizeAsync("api-reference", "https://attacker.test/callback", "openid carts");
        var unknown = await person.AuthorizeAsync("no-such-client", IdentitySettings.Callback, "openid carts");

        foreach (var refused in new[] { foreign, unknown })
        {
            Assert.Null(refused.Location);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Response.StatusCode);
        }
    }

    [Fact]
    public async Task A_request_without_a_code_challenge_is_refused()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        var response = await person.Browser.GetAsync($"/connect/authorize?client_id=api-reference&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}");

        await AssertRefusedAsync(new AuthorizationResult(response, response.Headers.Location, null,
            response.Headers.Location is { } location ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["error"].ToString() : null, Pkce.Create()));
    }

    /// <summary>No code: the OAuth error invalid_request, sent back to the client or shown as a 400 page.</summary>
    private static async Task AssertRefusedAsync(AuthorizationResult result)
    {
        Assert.Null(result.Code);
        var body = await result.Response.Content.ReadAsStringAsync();
        Assert.True(result.Error == "invalid_request" || (result.Response.StatusCode == HttpStatusCode.BadRequest && body.Contains("invalid_request", StringComparison.Ordinal)),
            $"{(int)result.Response.StatusCode} {result.Location}: {body}");
    }

    [Fact]
    public async Task The_admin_scopes_are_granted_to_an_admin_and_dropped_for_a_customer()
    {
        using var customer = new Person(identity.BaseAddress);
        await customer.RegisterAsync();
        using var admin = new Person(identity.BaseAddress, "admin@shop.test", identity.Settings.AdminPassword);

        var customers = await ExchangeAsync(await customer.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid orders catalog.write orders.manage"));
        var admins = await ExchangeAsync(await admin.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid orders catalog.write orders.manage"));

        Assert.Equal("openid orders", customers["scope"]!.GetValue<string>());
        Assert.Equal(["orders"], ClientCredentialsTests.Audiences(customers));
        Assert.Null(customers["role"]);
        Assert.Equal("openid orders catalog.write orders.manage", admins["scope"]!.GetValue<string>());
        Assert.Equal(["orders", "products"], ClientCredentialsTests.Audiences(admins).Order(StringComparer.Ordinal));
        Assert.Equal("admin", admins["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admins_access_token_names_them_by_email_and_a_customers_carries_none()
    {
        using var customer = new Person(identity.BaseAddress);
        await customer.RegisterAsync();
        using var admin = new Person(identity.BaseAddress, "admin@shop.test", identity.Settings.AdminPassword);

        var customers = await ExchangeAsync(await customer.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid email orders"));
        var admins = await ExchangeAsync(await admin.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid email catalog.write"));
        var adminsWithoutEmailScope = await ExchangeAsync(await admin.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid catalog.write"));

        Assert.Null(customers["email"]);
        Assert.Null(customers["email_verified"]);
        Assert.Equal("admin@shop.test", admins["email"]!.GetValue<string>());
        Assert.Null(admins["email_verified"]);
        Assert.Null(adminsWithoutEmailScope["email"]);
    }

    private async Task<JsonObject> ExchangeAsync(AuthorizationResult authorization)
    {
        var tokens = await identity.Client.ExchangeCodeAsync("api-reference", authorization.Code!, IdentitySettings.Callback, authorization.Pkce.Verifier).TokensAsync();
        return OAuthClient.Decode(tokens["access_token"]!.GetValue<string>()).Payload;
    }

    private async Task<JsonObject> SignedInTokensAsync(Person? person = null)
    {
        using var own = person is null ? new Person(identity.BaseAddress) : null;
        var signingIn = person ?? own!;
        await signingIn.RegisterAsync();
        var authorization = await signingIn.AuthorizeAsync("api-reference", IdentitySettings.Callback, Scope);
        return await identity.Client.ExchangeCodeAsync("api-reference", authorization.Code!, IdentitySettings.Callback, authorization.Pkce.Verifier).TokensAsync();
    }
}
