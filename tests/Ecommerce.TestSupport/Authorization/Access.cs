using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;

namespace Ecommerce.TestSupport.Authorization;

/// <summary>What a caller hears from an operation, by docs/api.md's "who may call what".</summary>
public enum Outcome
{
    /// <summary>The operation does its work: a 2xx.</summary>
    Allowed,

    /// <summary>401: no token, or one the service does not take (another audience, expired, tampered with, unsigned).</summary>
    Unauthenticated,

    /// <summary>403: a token the service takes, without the scope or role the operation needs.</summary>
    Forbidden,

    /// <summary>404: the resource is someone else's, and its existence is not revealed.</summary>
    NotFound,
}

/// <summary>
/// Who may call one operation: anyone, or a token the service takes that <see cref="Permits"/> holds for; of an owned
/// resource (created for <see cref="Callers.CustomerId"/>) only the owner and those <see cref="SeesEveryone"/> holds for,
/// and of those who may see it only those <see cref="ThenPermits"/> holds for (403 for the others).
/// </summary>
public sealed record Access(
    string Who, Func<JsonObject, bool>? Permits, bool Owned = false, Func<JsonObject, bool>? SeesEveryone = null, Func<JsonObject, bool>? ThenPermits = null)
{
    public static Access Anyone { get; } = new("anyone", Permits: null);

    /// <summary>A token with <paramref name="scope"/>.</summary>
    public static Access WithScope(string scope) => new($"scope {scope}", claims => HasScope(claims, scope));

    /// <summary>Of the resource's owner only; <paramref name="alsoSeenBy"/> may act on everyone's.</summary>
    public Access OwnedByTheCustomer(Func<JsonObject, bool>? alsoSeenBy = null) =>
        this with { Who = $"{Who}, the owner's" + (alsoSeenBy is null ? "" : " or an admin's"), Owned = true, SeesEveryone = alsoSeenBy };

    /// <summary>Also only for a caller <paramref name="permits"/> holds for, who otherwise hears 403.</summary>
    public Access And(string who, Func<JsonObject, bool> permits) =>
        this with { Who = $"{Who} and {who}", Permits = claims => Permits!(claims) && permits(claims) };

    /// <summary>Of those who may see the resource, only a caller <paramref name="permits"/> holds for; the others hear 403.</summary>
    public Access ThenOnly(string who, Func<JsonObject, bool> permits) => this with { Who = $"{Who}, then only {who}", ThenPermits = permits };

    public Access Or(string who, Func<JsonObject, bool> permits) =>
        this with { Who = $"{Who} or {who}", Permits = claims => Permits!(claims) || permits(claims) };

    public Outcome For(TestCaller caller, string audience)
    {
        if (Permits is null)
        {
            return Outcome.Allowed;
        }

        if (!caller.IsAcceptedBy(audience))
        {
            return Outcome.Unauthenticated;
        }

        var claims = caller.Claims!;
        if (!Permits(claims))
        {
            return Outcome.Forbidden;
        }

        if (Owned && claims["sub"]?.GetValue<string>() != Callers.CustomerId && SeesEveryone?.Invoke(claims) != true)
        {
            return Outcome.NotFound;
        }

        return ThenPermits?.Invoke(claims) == false ? Outcome.Forbidden : Outcome.Allowed;
    }

    public static bool HasScope(JsonObject claims, string scope) =>
        claims["scope"]?.GetValue<string>().Split(' ').Contains(scope, StringComparer.Ordinal) == true;

    public static bool HasRole(JsonObject claims, string role) => claims["role"] switch
    {
        JsonArray roles => roles.Any(r => r?.GetValue<string>() == role),
        JsonValue single => single.GetValue<string>() == role,
        _ => false,
    };

    public override string ToString() => Who;
}
