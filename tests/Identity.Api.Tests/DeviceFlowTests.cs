using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>A terminal gets a person's tokens (RFC 8628): it shows a code, the person approves it in a browser, the terminal polls.</summary>
public class DeviceFlowTests(IdentityApiFixture identity) : IClassFixture<IdentityApiFixture>
{
    private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    [Fact]
    public async Task The_terminal_gets_tokens_once_the_person_approves_on_the_verification_page()
    {
        var device = await StartAsync();
        var pending = await PollAsync(device);
        await ClientCredentialsTests.AssertOAuthErrorAsync(pending, "authorization_pending");
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        var approved = await person.DecideDeviceAsync(device["user_code"]!.GetValue<string>(), approve: true);

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var tokens = await PollAsync(device).TokensAsync();
        var (_, access) = OAuthClient.Decode(tokens["access_token"]!.GetValue<string>());
        Assert.Equal("cli", access["client_id"]!.GetValue<string>());
        Assert.Equal(["carts", "orders"], ClientCredentialsTests.Audiences(access).Order(StringComparer.Ordinal));
        Assert.NotNull(tokens["refresh_token"]);
        Assert.Equal(person.Email, JsonNode.Parse(await (await identity.Client.UserInfoAsync(tokens["access_token"]!.GetValue<string>())).Content.ReadAsStringAsync())!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_verification_page_names_the_client_and_the_scopes_and_needs_a_signed_in_person()
    {
        var device = await StartAsync();
        using var anonymous = new Person(identity.BaseAddress);
        var notSignedIn = await anonymous.Browser.GetAsync(device["verification_uri_complete"]!.GetValue<string>());
        Assert.Equal("/account/login", notSignedIn.Headers.Location!.AbsolutePath);

        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();
        var page = await (await person.Browser.GetAsync(device["verification_uri_complete"]!.GetValue<string>())).Content.ReadAsStringAsync();

        Assert.Contains("Command line", page, StringComparison.Ordinal);
        Assert.Contains("carts", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_request_is_access_denied_for_the_terminal()
    {
        var device = await StartAsync();
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        await person.DecideDeviceAsync(device["user_code"]!.GetValue<string>(), approve: false);

        await ClientCredentialsTests.AssertOAuthErrorAsync(await PollAsync(device), "access_denied");
    }

    [Fact]
    public async Task A_wrong_user_code_is_a_400_page()
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        var response = await person.Browser.GetAsync("/account/device?user_code=0000-0000-0000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_posted_without_its_user_code_is_a_400_page_and_the_terminal_still_waits()
    {
        var device = await StartAsync();
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();
        var form = await person.FormAsync(device["verification_uri_complete"]!.GetValue<string>());

        var response = await form.PostAsync(("user_code", ""), ("decision", "approve"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ClientCredentialsTests.AssertOAuthErrorAsync(await PollAsync(device), "authorization_pending");
    }

    private async Task<JsonObject> StartAsync()
    {
        var response = await identity.Client.PostAsync("/connect/device", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "cli",
            ["scope"] = "openid email offline_access carts orders",
        }));
        var device = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.IsSuccessStatusCode, device.ToJsonString());
        return device;
    }

    private Task<HttpResponseMessage> PollAsync(JsonObject device) =>
        identity.Client.TokenAsync(("grant_type", DeviceCodeGrant), ("client_id", "cli"), ("device_code", device["device_code"]!.GetValue<string>()));
}
