using System.Net;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>
/// Password and secret guessing from one address: token requests and login or registration posts beyond the configured
/// number a minute are 429 problems with Retry-After, counted per client address (behind the gateway, the one its
/// X-Forwarded-For names), while everything else is not limited.
/// </summary>
public class AttemptLimitTests(PostgresFixture postgres) : IAsyncLifetime
{
    private RunningService<Program> _identity = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = (await IdentitySettings.CreateAsync(postgres)).ToConfiguration();
        settings["Identity:AttemptLimits:TokenRequestsPerMinute"] = "3";
        settings["Identity:AttemptLimits:AccountAttemptsPerMinute"] = "2";
        _identity = new RunningService<Program>(settings).Start();
    }

    [Fact]
    public async Task Token_requests_beyond_the_limit_are_429_with_retry_after_for_that_address_only()
    {
        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            answers.Add((await _identity.Client.ClientCredentialsAsync("back-office", "guess-" + attempt, "catalog.write")).StatusCode);
        }

        var fromElsewhere = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "back-office", ["client_secret"] = "x" }),
        };
        fromElsewhere.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var elsewhere = await _identity.Client.SendAsync(fromElsewhere);
        var limited = await _identity.Client.ClientCredentialsAsync("back-office", "guess", "catalog.write");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _identity.Client.GetAsync("/.well-known/openid-configuration")).StatusCode);
    }

    [Fact]
    public async Task Login_and_registration_posts_beyond_the_limit_are_429_and_the_forms_still_show()
    {
        using var person = new Person(_identity.BaseAddress);
        var registered = await person.RegisterAsync();
        using var signingIn = new Person(_identity.BaseAddress, person.Email);
        var wrongLogin = await signingIn.LoginAsync("Wr0ng!password");
        var limited = await signingIn.LoginAsync();

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongLogin.StatusCode);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await signingIn.Browser.GetAsync("/account/login")).StatusCode);
    }

    public async ValueTask DisposeAsync() => await _identity.DisposeAsync();
}
