using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.ServiceDefaults.Authentication;

/// <summary>
/// IdentityModel's JWT handler that validates each token once and remembers its verdict, keyed by the whole token, so that
/// a client's next requests with the same token cost a lookup. Profiled under load, validating a token was three quarters
/// of the CPU of a whole product read: reading the JWT (two base64url parts, two JSON documents, a claim set), the RSA
/// verification (OpenSSL's key and digest look-ups as much as the arithmetic), and the claims identity; the checks
/// themselves are cheap.
/// <list type="bullet">
/// <item>Every check (signature, issuer, audience, <c>typ</c>, lifetime, algorithm) is IdentityModel's own, run in full the
/// first time a token is seen; the parameters are the scheme's, the same for every request.</item>
/// <item>An acceptance is kept until the token's <c>exp</c>, never longer, and used only while the key that verified it is
/// still one of the keys the service trusts: a key retired from the issuer's key set stops its tokens as soon as the
/// service has fetched the keys again.</item>
/// <item>A refusal is kept only when no later moment and no key could change it (the token names another audience or
/// issuer, or has expired), for <see cref="RefusalKept"/>: a token sent to the wrong API then costs no more than one sent
/// to the right one. A signature that does not verify, or an unknown key, is checked again every time (the latter makes
/// the service fetch the keys again).</item>
/// <item>At most <see cref="Capacity"/> tokens (by default) are remembered; past that, tokens are validated in full until the cache
/// has made room. Each caller gets its own copy of the claims identity.</item>
/// </list>
/// </summary>
public sealed class RememberingTokenHandler : JsonWebTokenHandler, IDisposable
{
    /// <summary>About 3 KB each (the token, its claims): some 30 MB for as many signed-in callers in 15 minutes.</summary>
    public const int Capacity = 10_000;

    public static readonly TimeSpan RefusalKept = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;
    private readonly MemoryCache _verdicts;

    public RememberingTokenHandler(TimeProvider time, int capacity = Capacity)
    {
        _time = time;
        _verdicts = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
        MapInboundClaims = false;
    }

    /// <summary>How many verdicts are remembered now.</summary>
    public int Count => _verdicts.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = _time.GetUtcNow();
        if (_verdicts.TryGetValue(token, out Verdict? verdict) && verdict!.Expires > now)
        {
            if (verdict.Refusal is { } refusal)
            {
                return new TokenValidationResult { IsValid = false, Exception = refusal };
            }

            if (await IsTrustedAsync(verdict.Token!.SigningKey, validationParameters))
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = verdict.Token,
                    ClaimsIdentity = verdict.Identity!.Clone(),
                    Issuer = verdict.Token.Issuer,
                    TokenType = verdict.Token.Typ,
                };
            }
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        Remember(token, result, now);
        return result;
    }

    private void Remember(string token, TokenValidationResult result, DateTimeOffset now)
    {
        Verdict? verdict = null;
        if (result.IsValid && result.SecurityToken is JsonWebToken validated && validated.SigningKey is not null)
        {
            verdict = new Verdict(new DateTimeOffset(validated.ValidTo, TimeSpan.Zero), validated, result.ClaimsIdentity.Clone(), Refusal: null);
        }
        else if (result.Exception is SecurityTokenInvalidAudienceException or SecurityTokenInvalidIssuerException or SecurityTokenExpiredException)
        {
            verdict = new Verdict(now + RefusalKept, Token: null, Identity: null, result.Exception);
        }

        if (verdict is not null && verdict.Expires > now)
        {
            _verdicts.Set(token, verdict, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = verdict.Expires });
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> is one of the keys trusted now: given with the parameters, or (as JwtBearer hands a
    /// discovery document's keys to the handler) in the issuer's configuration as last fetched. A fetch makes new key
    /// objects, so a verdict outlives no fetch of the keys, whether or not its key was retired.
    /// </summary>
    private static async ValueTask<bool> IsTrustedAsync(SecurityKey key, TokenValidationParameters parameters) =>
        ReferenceEquals(key, parameters.IssuerSigningKey) ||
        (parameters.IssuerSigningKeys?.Any(trusted => ReferenceEquals(trusted, key)) ?? false) ||
        (parameters.ConfigurationManager is { } issuer &&
            (await issuer.GetBaseConfigurationAsync(CancellationToken.None)).SigningKeys.Any(trusted => ReferenceEquals(trusted, key)));

    public void Dispose() => _verdicts.Dispose();

    private sealed record Verdict(DateTimeOffset Expires, JsonWebToken? Token, ClaimsIdentity? Identity, Exception? Refusal);
}
