using System.Collections.Immutable;
using System.Security.Claims;
using Identity.Api.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Infrastructure;

/// <summary>
/// The claims a token carries (docs/identity.md): <c>sub</c>, <c>role</c> for admins, the scopes, and the audiences those
/// scopes name. A customer's access token carries no personal data; email and name go to the identity token when their
/// scope is asked. An admin's access token also carries their email (with the email scope), so that the services name
/// the staff member who changed something without a user directory of their own.
/// </summary>
public sealed class TokenPrincipals(
    UserManager<ApplicationUser> users, IOpenIddictScopeManager scopeManager, IOptions<IdentityProviderOptions> options)
{
    /// <summary>
    /// A person's principal for the scopes asked, less the admin-only ones for a person who is not an admin; read afresh,
    /// so a role taken away is gone (with its scopes) from the next token.
    /// </summary>
    public async Task<ClaimsPrincipal> ForUserAsync(ApplicationUser user, ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        var roles = await users.GetRolesAsync(user);
        var granted = roles.Contains(ClientAndAdminSeeding.AdminRole)
            ? scopes
            : [.. scopes.Where(scope => options.Value.Scopes.GetValueOrDefault(scope)?.AdminOnly != true)];
        var identity = NewIdentity()
            .SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailConfirmed)
            .SetClaim(Claims.Name, user.UserName)
            .SetClaims(Claims.Role, [.. roles]);
        return await WithScopesAsync(identity, granted, cancellationToken);
    }

    /// <summary>A client's own principal (client credentials): its subject is its client_id.</summary>
    public Task<ClaimsPrincipal> ForClientAsync(string clientId, ImmutableArray<string> scopes, CancellationToken cancellationToken) =>
        WithScopesAsync(NewIdentity().SetClaim(Claims.Subject, clientId), scopes, cancellationToken);

    private async Task<ClaimsPrincipal> WithScopesAsync(ClaimsIdentity identity, ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        identity.SetScopes(scopes);
        identity.SetResources(await scopeManager.ListResourcesAsync(scopes, cancellationToken).ToListAsync(cancellationToken));
        identity.SetDestinations(claim => Destinations(claim, identity));
        return new ClaimsPrincipal(identity);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static IEnumerable<string> Destinations(Claim claim, ClaimsIdentity identity) => claim.Type switch
    {
        Claims.Subject or Claims.Role => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Email when identity.HasScope(Scopes.Email) && identity.HasClaim(Claims.Role, ClientAndAdminSeeding.AdminRole) =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Email or Claims.EmailVerified when identity.HasScope(Scopes.Email) => [OpenIddictConstants.Destinations.IdentityToken],
        Claims.Name when identity.HasScope(Scopes.Profile) => [OpenIddictConstants.Destinations.IdentityToken],
        _ => [],
    };
}
