using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Orders.Api.Infrastructure;

/// <summary>
/// Orders.Api's own access token (client credentials, scope inventory), fetched once and reused by every call until
/// shortly before it expires; one fetch at a time. Identity.Api being down, or refusing the client, is a dependency
/// failure (HttpRequestException), which a request answers with 503.
/// </summary>
public sealed class ServiceTokens(IHttpClientFactory clients, IOptions<ServiceIdentityOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Current() is { } token)
        {
            return token;
        }

        await _fetching.WaitAsync(cancellationToken);
        try
        {
            return Current() ?? await FetchAsync(cancellationToken);
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Forgets the token (refused by Products.Api: revoked, or signed with a key it no longer trusts).</summary>
    public void Discard(string token)
    {
        if (_current?.Token == token)
        {
            _current = null;
        }
    }

    public void Dispose() => _fetching.Dispose();

    private string? Current() => _current is { } current && clock.GetUtcNow() < current.RenewAt ? current.Token : null;

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var response = await clients.CreateClient(nameof(ServiceTokens)).PostAsync(settings.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret ?? "",
            ["scope"] = settings.Scope,
        }), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Identity.Api refused {settings.ClientId}'s client credentials ({(int)response.StatusCode}).", null, response.StatusCode);
        }

        var issued = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new HttpRequestException("Identity.Api answered an empty token response.");
        // Renewed when four fifths of its life are over, and at least a minute before it ends where it lives that long.
        var lifetime = TimeSpan.FromSeconds(issued.ExpiresIn);
        var renewAt = clock.GetUtcNow() + TimeSpan.FromTicks(Math.Min(lifetime.Ticks * 4 / 5, Math.Max(lifetime.Ticks - TimeSpan.TicksPerMinute, lifetime.Ticks / 2)));
        _current = (issued.AccessToken, renewAt);
        return issued.AccessToken;
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
