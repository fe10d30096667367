using System.Net;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.TestSupport.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.AppHost.Tests;

/// <summary>A client of the gateway that calls as someone, with the token Identity.Api gave them; a person's sub with it.</summary>
public sealed record GatewayCaller(HttpClient Client, string Subject, string AccessToken) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>
/// Real callers of a running platform, each with a real token from its Identity.Api through the gateway: a person who
/// registers and logs in with the authorization code flow (PKCE, client storefront), the first admin with the password
/// of the AppHost's parameter, and the back office with the secret of its parameter (client credentials).
/// </summary>
public static class PlatformCallers
{
    public const string PersonScope = "openid carts orders";

    /// <summary>A new customer: registered, logged in, with a token for carts and orders.</summary>
    public static async Task<GatewayCaller> NewCustomerAsync(this DistributedApplication app)
    {
        using var gateway = app.CreateHttpClient("gateway");
        using var person = new Person(gateway.BaseAddress!);
        Assert.Equal(HttpStatusCode.Redirect, (await person.RegisterAsync()).StatusCode);
        return await LogInAsync(app, person, PersonScope);
    }

    /// <summary>The first admin, logged in with every scope a person may hold.</summary>
    public static async Task<GatewayCaller> AdminAsync(this DistributedApplication app)
    {
        using var gateway = app.CreateHttpClient("gateway");
        using var person = new Person(gateway.BaseAddress!, $"admin@{gateway.BaseAddress!.Host}", await app.ParameterAsync("admin-password"));
        return await LogInAsync(app, person, $"{PersonScope} catalog.write orders.manage");
    }

    /// <summary>The back office: catalog.write and orders.manage.</summary>
    public static async Task<GatewayCaller> BackOfficeAsync(this DistributedApplication app)
    {
        using var gateway = app.CreateHttpClient("gateway");
        var tokens = await gateway.ClientCredentialsAsync("back-office", await app.ParameterAsync("back-office-secret"), "catalog.write orders.manage").TokensAsync();
        return Caller(app, tokens["access_token"]!.GetValue<string>());
    }

    public static async Task<string> ParameterAsync(this DistributedApplication app, string name) =>
        (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == name).GetValueAsync(CancellationToken.None))!;

    private static async Task<GatewayCaller> LogInAsync(DistributedApplication app, Person person, string scope)
    {
        using var gateway = app.CreateHttpClient("gateway");
        var callback = $"{gateway.BaseAddress!.GetLeftPart(UriPartial.Authority)}/callback";
        var authorization = await person.AuthorizeAsync("api-reference", callback, scope);
        Assert.True(authorization.Code is not null, $"No code: {(int)authorization.Response.StatusCode} {authorization.Location}");
        var tokens = await gateway.ExchangeCodeAsync("api-reference", authorization.Code!, callback, authorization.Pkce.Verifier).TokensAsync();
        return Caller(app, tokens["access_token"]!.GetValue<string>());
    }

    private static GatewayCaller Caller(DistributedApplication app, string accessToken)
    {
        var client = app.CreateHttpClient("gateway");
        client.Timeout = TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return new GatewayCaller(client, OAuthClient.Decode(accessToken).Payload["sub"]!.GetValue<string>(), accessToken);
    }
}
