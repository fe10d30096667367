using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Ecommerce.ServiceDefaults.Authentication;

/// <summary>
/// The API reference page logs a person in with the public client api-reference (authorization code with S256 PKCE),
/// and comes back to itself with the code: the local run registers each service's page as a redirect URI of
/// api-reference, and lets it fetch the token from Identity.Api.
/// </summary>
internal static class ApiReferenceLogin
{
    public const string ClientId = "api-reference";

    /// <summary>Where the page is served, under the service's own origin.</summary>
    public const string PagePath = "/scalar/v1";

    public static void Configure(ScalarOptions options, HttpContext context)
    {
        var issuer = context.RequestServices.GetRequiredService<IOptions<TokenIssuerOptions>>().Value;
        if (issuer.Issuer is null)
        {
            return;
        }

        var page = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{PagePath}";
        options.AddPreferredSecuritySchemes(OAuthSecurityTransformer.SchemeName)
            .AddAuthorizationCodeFlow(OAuthSecurityTransformer.SchemeName, flow => flow
                .WithClientId(ClientId)
                .WithPkce(Pkce.Sha256)
                .WithRedirectUri(page)
                .WithSelectedScopes(issuer.PersonScopes));
    }
}
