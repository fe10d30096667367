using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Storefront.Authentication;

/// <summary>
/// Keeps a session's access token fresh: on a request whose token expires within <see cref="StorefrontOptions.RefreshBeforeExpiry"/>,
/// it is exchanged for a new one with the refresh token (which Identity.Api rotates), and the cookie is written again
/// with both. A refresh Identity.Api refuses ends the session, and the page sends the person to sign in.
/// </summary>
public sealed partial class AccessTokenRefresher(
    IHttpClientFactory clients, IOptions<StorefrontOptions> options, TimeProvider time, ILogger<AccessTokenRefresher> logger)
{
    /// <summary>
    /// A rotated refresh token is good once. Requests of one session that arrive together (two tabs) share one refresh,
    /// and one that arrives a moment later with the old cookie gets the same new tokens instead of spending the old one.
    /// </summary>
    private readonly ConcurrentDictionary<string, (Lazy<Task<Refreshed?>> Refresh, DateTimeOffset Until)> _recent = new(StringComparer.Ordinal);

    private static readonly TimeSpan RememberedFor = TimeSpan.FromSeconds(30);

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        if (!DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
            || expiresAt - time.GetUtcNow() > options.Value.RefreshBeforeExpiry)
        {
            return;
        }

        if (properties.GetTokenValue("refresh_token") is not { Length: > 0 } refreshToken
            || await RefreshOnceAsync(refreshToken) is not { } refreshed)
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

    private Task<Refreshed?> RefreshOnceAsync(string refreshToken)
    {
        var now = time.GetUtcNow();
        foreach (var (token, recent) in _recent)
        {
            if (recent.Until < now)
            {
                _recent.TryRemove(token, out _);
            }
        }

        var entry = _recent.GetOrAdd(refreshToken, token => (
            // Not the first request's token: the refresh is shared, and one person closing a tab must not cancel it for the rest.
            new Lazy<Task<Refreshed?>>(() => RefreshAsync(token, CancellationToken.None)), now + RememberedFor));
        return entry.Refresh.Value;
    }

    private async Task<Refreshed?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret ?? "",
        });
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ShopAuthenticationExtensions.IdentityService).PostAsync("/connect/token", request, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && DependencyFailures.IsCommonDependencyFailure(ex))
        {
            _recent.TryRemove(refreshToken, out _);
            throw new Services.ServiceUnavailableException("Identity.Api", ex);
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                _recent.TryRemove(refreshToken, out _);
                throw new Services.ServiceUnavailableException("Identity.Api");
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            if (!response.IsSuccessStatusCode || answer?["access_token"]?.GetValue<string>() is not { } accessToken)
            {
                LogRefused(logger, (int)response.StatusCode, answer?["error"]?.GetValue<string>());
                return null;
            }

            var lifetime = TimeSpan.FromSeconds(answer["expires_in"]?.GetValue<int>() ?? 0);
            return new Refreshed(accessToken, answer["refresh_token"]?.GetValue<string>() ?? refreshToken, time.GetUtcNow() + lifetime);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A session's refresh was refused ({Status} {Error}): the person signs in again.")]
    private static partial void LogRefused(ILogger logger, int status, string? error);

    private sealed record Refreshed(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);
}
