namespace Storefront.Authentication;

/// <summary>How the shop signs people in at Identity.Api (section <c>Storefront</c>); the secret comes from the environment.</summary>
public sealed class StorefrontOptions
{
    public const string Section = "Storefront";

    public string ClientId { get; set; } = "storefront";

    public string? ClientSecret { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// <summary>An access token this close to its expiry is refreshed before the page calls a service with it.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A product with this many units or fewer needs an admin's attention (the back office's landing page).</summary>
    public int LowStockThreshold { get; set; } = 5;

    /// <summary>The networks whose X-Forwarded-* headers are believed (the gateway's, the ingress'); loopback always is.</summary>
    public List<string> TrustedProxyNetworks { get; set; } = [];
}
