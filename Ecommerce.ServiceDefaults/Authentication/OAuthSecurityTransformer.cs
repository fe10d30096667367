using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Ecommerce.ServiceDefaults.Authentication;

/// <summary>
/// Declares in the OpenAPI document how to call the service: an OAuth 2.0 scheme whose authorization code flow is
/// Identity.Api's, and on every operation that requires a policy the scopes that meet it (none on what anyone may call),
/// with the 401 and 403 it may answer. The API reference page logs a person in with it.
/// </summary>
internal sealed class OAuthSecurityTransformer(IOptions<TokenIssuerOptions> issuer) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "oauth2";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var options = issuer.Value;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Identity.Api's login (authorization code with PKCE, client storefront).",
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = options.AuthorizationEndpoint,
                    TokenUrl = options.TokenEndpoint,
                    Scopes = options.PersonScopes.ToDictionary(scope => scope, scope => Scopes.Descriptions.GetValueOrDefault(scope, scope)),
                },
            },
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).OfType<string>().ToList();
        if (policies.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        // Every policy must be met; each is met by any one of its scopes, so the requirement names the last one mapped
        // (the endpoint's own, narrower than its group's).
        var scopes = issuer.Value.PolicyScopes.GetValueOrDefault(policies[^1]) ?? [];
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = scopes.ToList() });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or one this service does not accept" });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token lacks the scope or role the operation needs" });
        return Task.CompletedTask;
    }
}
