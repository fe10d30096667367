using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;

namespace Ecommerce.AppHost.Tests;

/// <summary>Identity.Api as the AppHost runs it, behind the gateway: the public origin is the gateway's URL.</summary>
[Collection(SharedPlatform.Name)]
public class IdentityThroughTheGatewayTests(PlatformFixture platform)
{
    private const string Scope = "openid email offline_access carts orders";

    private readonly HttpClient _gateway = platform.Gateway;

    private string Origin => _gateway.BaseAddress!.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Discovery_names_the_gateways_url_as_issuer_and_its_endpoints()
    {
        var document = (await _gateway.GetFromJsonAsync<JsonObject>("/.well-known/openid-configuration"))!;

        Assert.Equal($"{Origin}/", document["issuer"]!.GetValue<string>());
        Assert.Equal($"{Origin}/connect/token", document["token_endpoint"]!.GetValue<string>());
        Assert.Equal($"{Origin}/.well-known/jwks", document["jwks_uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_person_registers_logs_in_with_pkce_refreshes_and_reads_userinfo_through_the_gateway()
    {
        using var person = new Person(_gateway.BaseAddress!);
        Assert.Equal(HttpStatusCode.Redirect, (await person.RegisterAsync()).StatusCode);
        using var browser = new Person(_gateway.BaseAddress!, person.Email);

        var authorization = await browser.AuthorizeAsync("api-reference", $"{Origin}/callback", Scope);
        Assert.True(authorization.Code is not null, $"{(int)authorization.Response.StatusCode} {authorization.Location} {await authorization.Response.Content.ReadAsStringAsync()}");
        var tokens = await _gateway.ExchangeCodeAsync("api-reference", authorization.Code!, $"{Origin}/callback", authorization.Pkce.Verifier).TokensAsync();
        var refreshed = await _gateway.RefreshAsync("api-reference", tokens["refresh_token"]!.GetValue<string>()).TokensAsync();
        var info = await (await _gateway.UserInfoAsync(refreshed["access_token"]!.GetValue<string>())).Content.ReadFromJsonAsync<JsonObject>();
        // A refresh token used twice is a stolen one: the second use is refused, and the grant is revoked altogether.
        var reused = await _gateway.RefreshAsync("api-reference", tokens["refresh_token"]!.GetValue<string>());
        var afterReuse = await _gateway.UserInfoAsync(refreshed["access_token"]!.GetValue<string>());

        var (_, access) = OAuthClient.Decode(tokens["access_token"]!.GetValue<string>());
        Assert.Equal($"{Origin}/", access["iss"]!.GetValue<string>());
        Assert.Equal("api-reference", access["client_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", (await reused.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
        Assert.Equal(person.Email, info!["email"]!.GetValue<string>());
        Assert.Equal(access["sub"]!.GetValue<string>(), info["sub"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.StatusCode);
    }

    [Theory]
    [InlineData("products")]
    [InlineData("carts")]
    [InlineData("orders")]
    public async Task A_person_logs_in_from_a_services_api_reference_page_and_the_page_may_redeem_the_code(string service)
    {
        using var api = platform.App.CreateHttpClient(service, "http");
        var page = $"{api.BaseAddress!.GetLeftPart(UriPartial.Authority)}/scalar/v1";
        var document = (await api.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var flow = document["components"]!["securitySchemes"]!.AsObject().Single().Value!["flows"]!["authorizationCode"]!;
        var reference = await api.GetStringAsync("/scalar/v1");
        using var person = new Person(_gateway.BaseAddress!);
        await person.RegisterAsync();
        using var browser = new Person(_gateway.BaseAddress!, person.Email);

        var authorization = await browser.AuthorizeAsync("api-reference", page, Scope);
        var redeem = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["client_id"] = "api-reference", ["code"] = authorization.Code ?? "",
                ["redirect_uri"] = page, ["code_verifier"] = authorization.Pkce.Verifier,
            }),
        };
        redeem.Headers.Add("Origin", api.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var redeemed = await _gateway.SendAsync(redeem);
        var foreign = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent([]) };
        foreign.Headers.Add("Origin", "http://attacker.test");
        var fromForeignOrigin = await _gateway.SendAsync(foreign);

        Assert.Equal($"{Origin}/connect/authorize", flow["authorizationUrl"]!.GetValue<string>());
        Assert.Equal($"{Origin}/connect/token", flow["tokenUrl"]!.GetValue<string>());
        Assert.Contains("api-reference", reference, StringComparison.Ordinal);
        Assert.True(authorization.Code is not null, $"api-reference does not come back to {page}: {authorization.Location}");
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal([api.BaseAddress!.GetLeftPart(UriPartial.Authority)], redeemed.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.False(fromForeignOrigin.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("back-office", "back-office-secret", "catalog.write orders.manage")]
    [InlineData("orders-service", "orders-service-secret", "inventory")]
    public async Task A_machine_gets_its_token_with_the_secret_of_the_apphosts_parameter(string clientId, string parameter, string scope)
    {
        var secret = await platform.App.ParameterAsync(parameter);

        var tokens = await _gateway.ClientCredentialsAsync(clientId, secret, scope).TokensAsync();
        var wrong = await _gateway.ClientCredentialsAsync(clientId, secret + "x", scope);

        var (_, access) = OAuthClient.Decode(tokens["access_token"]!.GetValue<string>());
        Assert.Equal(clientId, access["sub"]!.GetValue<string>());
        Assert.Equal(scope, access["scope"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await wrong.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_terminal_gets_a_persons_tokens_with_the_device_flow_through_the_gateway()
    {
        var start = await _gateway.PostAsync("/connect/device", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "cli", ["scope"] = Scope }));
        var device = (await start.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal($"{Origin}/account/device", device["verification_uri"]!.GetValue<string>());
        using var person = new Person(_gateway.BaseAddress!);
        await person.RegisterAsync();

        await person.DecideDeviceAsync(device["user_code"]!.GetValue<string>(), approve: true);
        var tokens = await _gateway.TokenAsync(("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", "cli"),
            ("device_code", device["device_code"]!.GetValue<string>())).TokensAsync();

        Assert.Equal("cli", OAuthClient.Decode(tokens["access_token"]!.GetValue<string>()).Payload["client_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_first_admin_signs_in_with_the_password_of_the_apphosts_parameter()
    {
        using var admin = new Person(_gateway.BaseAddress!, $"admin@{_gateway.BaseAddress!.Host}", await platform.App.ParameterAsync("admin-password"));

        var authorization = await admin.AuthorizeAsync("api-reference", $"{Origin}/callback", "openid orders");
        var tokens = await _gateway.ExchangeCodeAsync("api-reference", authorization.Code!, $"{Origin}/callback", authorization.Pkce.Verifier).TokensAsync();

        Assert.Equal("admin", OAuthClient.Decode(tokens["access_token"]!.GetValue<string>()).Payload["role"]!.GetValue<string>());
    }
}
