using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Ecommerce.TestSupport.Identity;

/// <summary>Where an authorization request sent the browser back: the redirect, and the code or the error it carries.</summary>
public sealed record AuthorizationResult(HttpResponseMessage Response, Uri? Location, string? Code, string? Error, Pkce Pkce);

/// <summary>
/// A person at a browser without JavaScript: cookies kept, each redirect looked at (and followed as a browser would
/// where a flow needs it), forms posted with their antiforgery token.
/// </summary>
public sealed class Person : IDisposable
{
    public const string DefaultPassword = "Str0ng!Passw0rd";

    private readonly HttpClient _http;

    public Person(Uri site, string? email = null, string password = DefaultPassword)
    {
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = site,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Email = email ?? $"person-{Guid.NewGuid():N}@example.com";
        Password = password;
    }

    public string Email { get; }

    public string Password { get; }

    /// <summary>The browser itself, with the person's cookies, for requests a flow does not cover.</summary>
    public HttpClient Browser => _http;

    public async Task<HtmlForm> FormAsync(string path)
    {
        var response = await _http.GetAsync(path);
        return HtmlForm.First(_http, new Uri(_http.BaseAddress!, path), await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> RegisterAsync(string? returnUrl = null)
    {
        var form = await FormAsync(WithReturnUrl("/account/register", returnUrl));
        return await form.PostAsync(("Form.Email", Email), ("Form.Password", Password), ("Form.ConfirmPassword", Password));
    }

    public async Task<HttpResponseMessage> LoginAsync(string? password = null, string? returnUrl = null)
    {
        var form = await FormAsync(WithReturnUrl("/account/login", returnUrl));
        return await form.PostAsync(("Form.Email", Email), ("Form.Password", password ?? Password));
    }

    /// <summary>
    /// An authorization code request with PKCE, as a browser makes it: when the server asks the person to sign in first,
    /// they do (on the login page it redirects to), and the browser follows the redirect back to the authorization request.
    /// </summary>
    public async Task<AuthorizationResult> AuthorizeAsync(
        string clientId, string redirectUri, string scope, string challengeMethod = "S256", Pkce? pkce = null)
    {
        pkce ??= Pkce.Create();
        var request = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = Guid.NewGuid().ToString("N"),
            ["code_challenge"] = challengeMethod == "plain" ? pkce.Verifier : pkce.Challenge,
            ["code_challenge_method"] = challengeMethod,
        });
        var response = await _http.GetAsync(request);
        if (Location(response) is { AbsolutePath: "/account/login" } login)
        {
            var returnUrl = QueryHelpers.ParseQuery(login.Query)["ReturnUrl"].ToString();
            var signedIn = await LoginAsync(returnUrl: returnUrl);
            response = signedIn.StatusCode == HttpStatusCode.Redirect ? await _http.GetAsync(Location(signedIn)) : signedIn;
        }

        var location = Location(response);
        var query = location is null ? [] : QueryHelpers.ParseQuery(location.Query);
        return new AuthorizationResult(response, location,
            query.TryGetValue("code", out var code) ? code.ToString() : null,
            query.TryGetValue("error", out var error) ? error.ToString() : null,
            pkce);
    }

    /// <summary>Approves (or denies) a device's request on the verification page, signed in.</summary>
    public async Task<HttpResponseMessage> DecideDeviceAsync(string userCode, bool approve)
    {
        var form = await FormAsync($"/account/device?user_code={Uri.EscapeDataString(userCode)}");
        return await form.PostAsync(("decision", approve ? "approve" : "deny"));
    }

    public void Dispose() => _http.Dispose();

    private Uri? Location(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? new Uri(_http.BaseAddress!, location) : null;

    private static string WithReturnUrl(string path, string? returnUrl) =>
        returnUrl is null ? path : QueryHelpers.AddQueryString(path, "ReturnUrl", returnUrl);
}
