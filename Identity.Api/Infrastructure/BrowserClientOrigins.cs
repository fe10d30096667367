using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Identity.Api.Infrastructure;

/// <summary>
/// A page that logs a person in with the authorization code flow (a service's API reference page) redeems the code
/// with a script, from its own origin: the token endpoint and the key set answer the origins of the public clients'
/// redirect URIs, and no other. No credentials are allowed: the login cookie never crosses origins.
/// </summary>
internal static class BrowserClientOrigins
{
    private const string PolicyName = "browser-clients";

    public static IServiceCollection AddBrowserClientOrigins(this IServiceCollection services, IdentityProviderOptions settings)
    {
        var origins = settings.Clients.Values
            .Where(client => !client.Confidential)
            .SelectMany(client => client.RedirectUris)
            .Select(uri => uri.GetLeftPart(UriPartial.Authority))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return services.AddCors(cors => cors.AddPolicy(PolicyName, new CorsPolicyBuilder()
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Content-Type", "Authorization")
            .Build()));
    }

    /// <summary>Answers those origins on the endpoints a script calls: token, key set and discovery.</summary>
    public static IApplicationBuilder UseBrowserClientOrigins(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/connect/token") || context.Request.Path.StartsWithSegments("/.well-known"),
            branch => branch.UseCors(PolicyName));
}
