using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Storefront.Authentication;

/// <summary>
/// Keeps a session's access token fresh: on a request whose token expires within <see cref="StorefrontOptions.RefreshBeforeExpiry"/>,
/// it is exchanged for a new one with the refresh token (which Identity.Api rotates), and the cookie is written again
/// with both. A refresh Identity.Api refuses ends the session, and the page sends the person to sign in. While
/// Identity.Api cannot be reached the session goes on with the token it has.
/// </summary>
/// <remarks>
/// A rotated refresh token is good once: a second use is refused and revokes the whole grant. Requests of one session
/// reach any replica at once (two tabs), and a response carrying the new cookie may never reach the browser (a click
/// away), so the first replica to refresh leaves the new tokens in Redis, encrypted, under the old refresh token's
/// hash; every other request that comes with the old token takes them from there instead of spending it again.
/// </remarks>
public sealed partial class AccessTokenRefresher(
    IHttpClientFactory clients, IConnectionMultiplexer redis, IDataProtectionProvider protection, IOptions<StorefrontOptions> options,
    TimeProvider time, ILogger<AccessTokenRefresher> logger)
{
    /// <summary>How long a refresh's outcome stays for the requests that still carry the old cookie.</summary>
    private static readonly TimeSpan OutcomeKeptFor = TimeSpan.FromMinutes(2);

    /// <summary>How long the replica that refreshes holds the session's lock, and the others wait for its outcome.</summary>
    private static readonly TimeSpan RefreshLockFor = TimeSpan.FromSeconds(10);

    private readonly IDataProtector _protector = protection.CreateProtector("Storefront.AccessTokenRefresher");

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        if (!DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
            || expiresAt - time.GetUtcNow() > options.Value.RefreshBeforeExpiry)
        {
            return;
        }

        Refreshed? refreshed;
        try
        {
            refreshed = properties.GetTokenValue("refresh_token") is { Length: > 0 } refreshToken ? await RefreshOnceAsync(refreshToken) : null;
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex) || ex is RedisException)
        {
            // Identity.Api or Redis is away: the page goes on with the token it has, and tries again on the next request.
            LogRefreshDeferred(logger, ex.GetType().Name);
            return;
        }

        if (refreshed is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        properties.UpdateTokenValue("access_token", refreshed.AccessToken);
        properties.UpdateTokenValue("refresh_token", refreshed.RefreshToken);
        properties.UpdateTokenValue("expires_at", refreshed.ExpiresAt.ToString("o", CultureInfo.InvariantCulture));
        context.ShouldRenew = true;
    }

    /// <summary>The new tokens for <paramref name="refreshToken"/>, from Identity.Api once, or from the replica that got them; null when refused.</summary>
    private async Task<Refreshed?> RefreshOnceAsync(string refreshToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
        RedisKey outcomeKey = $"storefront:refresh:{key}", lockKey = $"storefront:refresh-lock:{key}";
        var database = redis.GetDatabase();
        var deadline = time.GetUtcNow() + RefreshLockFor;
        while (true)
        {
            if (await database.StringGetAsync(outcomeKey) is { HasValue: true } outcome)
            {
                return JsonSerializer.Deserialize<Refreshed?>(_protector.Unprotect((string)outcome!));
            }

            if (await database.StringSetAsync(lockKey, 1, RefreshLockFor, When.NotExists))
            {
                var refreshed = await RefreshAsync(refreshToken);
                await database.StringSetAsync(outcomeKey, _protector.Protect(JsonSerializer.Serialize(refreshed)), OutcomeKeptFor);
                return refreshed;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException("Another request of the session is still refreshing its token.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time);
        }
    }

    private async Task<Refreshed?> RefreshAsync(string refreshToken)
    {
        var settings = options.Value;
        using var request = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret!,
        });
        using var response = await clients.CreateClient(ShopAuthenticationExtensions.IdentityService).PostAsync("/connect/token", request);
        if ((int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"Identity.Api answered a refresh with {(int)response.StatusCode}.");
        }

        JsonObject? answer = null;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        }
        catch (JsonException)
        {
            // Not an OAuth answer: refused all the same.
        }

        if (!response.IsSuccessStatusCode || answer?["access_token"] is not JsonValue accessToken || !accessToken.TryGetValue<string>(out var token))
        {
            LogRefused(logger, (int)response.StatusCode, answer?["error"]?.ToString());
            return null;
        }

        var lifetime = answer["expires_in"] is JsonValue expiresIn && expiresIn.TryGetValue<int>(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        var rotated = answer["refresh_token"] is JsonValue next && next.TryGetValue<string>(out var nextToken) ? nextToken : refreshToken;
        return new Refreshed(token, rotated, time.GetUtcNow() + lifetime);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A session's refresh was refused ({Status} {Error}): the person signs in again.")]
    private static partial void LogRefused(ILogger logger, int status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A session's token could not be refreshed now ({Failure}); it is tried again on its next request.")]
    private static partial void LogRefreshDeferred(ILogger logger, string failure);

    private sealed record Refreshed(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);
}
