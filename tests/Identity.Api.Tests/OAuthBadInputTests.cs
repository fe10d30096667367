using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>Whatever a client sends to an endpoint, the answer is an OAuth error or a 4xx page, never a 5xx or a hang.</summary>
public class OAuthBadInputTests(IdentityApiFixture identity) : IClassFixture<IdentityApiFixture>
{
    private static readonly string Long = new('x', 10_000);

    /// <summary>The token endpoint's parameters broken one at a time: missing, 10,000 characters, with a NUL.</summary>
    public static TheoryData<string, string, string> TokenRequests()
    {
        var valid = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "back-office",
            ["client_secret"] = "secret",
            ["scope"] = "catalog.write",
        };
        var data = new TheoryData<string, string, string>();
        foreach (var name in valid.Keys)
        {
            foreach (var (label, value) in new[] { ("missing", (string?)null), ("10,000 characters", Long), ("NUL", "a\0b"), ("empty", "") })
            {
                var form = valid.Where(p => p.Key != name).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}").ToList();
                if (value is not null)
                {
                    form.Add($"{name}={Uri.EscapeDataString(value)}");
                }

                data.Add(name, label, string.Join('&', form));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TokenRequests))]
    public async Task A_broken_token_request_is_an_oauth_error(string parameter, string label, string form)
    {
        var response = await identity.Client.PostAsync("/connect/token", new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{parameter} {label}: {(int)response.StatusCode} {body}");
        Assert.False(string.IsNullOrEmpty(JsonNode.Parse(body)!["error"]?.GetValue<string>()), body);
    }

    public static TheoryData<string> BrokenAuthorizationRequests() =>
    [
        "/connect/authorize",
        "/connect/authorize?client_id=api-reference",
        $"/connect/authorize?client_id={Long}&response_type=code&scope=openid",
        "/connect/authorize?client_id=store%00front&response_type=code&scope=openid",
        $"/connect/authorize?client_id=api-reference&response_type=code&scope={Long}&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}",
        $"/connect/authorize?client_id=api-reference&response_type=token&scope=openid&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}",
        $"/connect/authorize?client_id=api-reference&response_type=code&scope=openid%00&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}",
        $"/connect/authorize?client_id=api-reference&response_type=code&scope=openid&redirect_uri=not-a-uri",
        $"/connect/authorize?client_id=api-reference&response_type=code&scope=inventory&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}&code_challenge={Pkce.Create().Challenge}&code_challenge_method=S256",
        "/connect/endsession?post_logout_redirect_uri=https%3A%2F%2Fattacker.test%2F",
        $"/connect/userinfo?access_token={Long}",
        $"/account/device?user_code={Long}",
        "/account/device?user_code=a%00b",
        $"/account/login?ReturnUrl={Long}",
        $"/callback?code={Long}",
    ];

    [Theory]
    [MemberData(nameof(BrokenAuthorizationRequests))]
    public async Task A_broken_browser_request_is_an_error_the_client_or_the_person_can_read(string path)
    {
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();

        var response = await person.Browser.GetAsync(path);

        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var sentBackWithError = status == 302 && response.Headers.Location?.Query.Contains("error=", StringComparison.Ordinal) == true;
        Assert.True(status is >= 400 and < 500 || sentBackWithError, $"{path[..Math.Min(path.Length, 120)]}: {status} {response.Headers.Location} {body[..Math.Min(body.Length, 300)]}");
    }

    [Fact]
    public async Task A_token_request_declaring_a_body_over_the_limit_is_413_without_waiting_for_any_of_it()
    {
        // Anyone may ask for a token, and the form is read before authentication runs: reading it would wait for a body
        // that is not sent.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var response = await RawHttp.SendHeadOnlyAsync(identity.BaseAddress, "POST", "/connect/token", "application/x-www-form-urlencoded",
            contentLength: 2 * 1024 * 1024, bearerToken: null, timeout.Token);

        Assert.Equal(413, response.Status);
        Assert.Contains("larger than 1048576 bytes", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_device_authorization_request_is_an_oauth_error()
    {
        foreach (var form in new[] { "", "client_id=nobody", $"client_id=cli&scope={Long}", "client_id=cli&scope=inventory", "client_id=c%00li" })
        {
            var response = await identity.Client.PostAsync("/connect/device", new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{form[..Math.Min(form.Length, 60)]}: {(int)response.StatusCode} {body}");
        }
    }

    [Fact]
    public async Task A_token_that_is_not_one_gets_invalid_token_at_userinfo()
    {
        foreach (var token in new[] { "not-a-token", Long, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." })
        {
            var response = await identity.Client.UserInfoAsync(token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }
}
