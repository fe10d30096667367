using System.Security.Claims;

namespace Ecommerce.ServiceDefaults.Authentication;

/// <summary>What a token says of its bearer (docs/identity.md): claims read as Identity.Api writes them, not remapped.</summary>
public static class Caller
{
    public const string SubjectClaim = "sub";
    public const string ScopeClaim = "scope";
    public const string RoleClaim = "role";
    public const string ClientIdClaim = "client_id";
    public const string EmailClaim = "email";
    public const string AdminRole = "admin";

    /// <summary>The <c>sub</c>: a person's user id, or a client's own client_id.</summary>
    public static string Subject(this ClaimsPrincipal caller) =>
        caller.FindFirstValue(SubjectClaim) ?? throw new InvalidOperationException("An authenticated caller without a sub.");

    /// <summary>The <c>scope</c> claim is one space-separated string (RFC 9068).</summary>
    public static bool HasScope(this ClaimsPrincipal caller, string scope) =>
        caller.FindAll(ScopeClaim).Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));

    /// <summary>The caller as the author of a change, for the records that say who changed what.</summary>
    public static Actor AsActor(this ClaimsPrincipal caller) =>
        new(caller.Subject(), caller.FindFirstValue(ClientIdClaim), caller.FindFirstValue(EmailClaim));

    public static bool IsAdminPerson(this ClaimsPrincipal caller) => caller.HasClaim(RoleClaim, AdminRole);
}
