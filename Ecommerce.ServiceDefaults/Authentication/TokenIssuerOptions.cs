namespace Ecommerce.ServiceDefaults.Authentication;

/// <summary>The public issuer of the tokens a service accepts; its API reference sends people there to log in.</summary>
public sealed class TokenIssuerOptions
{
    public Uri? Issuer { get; set; }

    /// <summary>OpenIddict's endpoints of Identity.Api, under the issuer (docs/identity.md).</summary>
    public Uri AuthorizationEndpoint => new(Issuer!, "connect/authorize");

    public Uri TokenEndpoint => new(Issuer!, "connect/token");

    /// <summary>Each authorization policy of the service, by name, and the scopes any one of which meets it.</summary>
    public Dictionary<string, string[]> PolicyScopes { get; } = [];

    /// <summary>The scopes a person's login asks for to call this service (the service's own inventory scope is not one).</summary>
    public IEnumerable<string> PersonScopes => PolicyScopes.Values.SelectMany(scopes => scopes)
        .Where(scope => scope != Scopes.Inventory).Prepend("openid").Distinct();
}
