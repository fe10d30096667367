namespace Identity.Api.Infrastructure;

/// <summary>
/// What Identity.Api is told (section <c>Identity</c>): its public issuer, its keys, the first admin, and the clients and
/// scopes it registers at start-up. The secrets come from the environment (the AppHost's parameters, the cluster's Secret).
/// </summary>
public sealed class IdentityProviderOptions
{
    public const string Section = "Identity";

    /// <summary>The public origin every token, cookie and redirect names: the gateway's URL.</summary>
    public Uri? Issuer { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The first admin's email; <c>admin@</c> and the issuer's host when not set.</summary>
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>PEM: one or more certificates, each followed by its private key; several allow a key to be rotated.</summary>
    public string? SigningCertificates { get; set; }

    /// <summary>PEM, as <see cref="SigningCertificates"/>: encrypt authorization codes, refresh tokens and data protection keys.</summary>
    public string? EncryptionCertificates { get; set; }

    /// <summary>The networks whose X-Forwarded-* headers are believed (the gateway's); loopback always is.</summary>
    public List<string> TrustedProxyNetworks { get; set; } = [];

    public Dictionary<string, ClientSettings> Clients { get; set; } = [];

    public Dictionary<string, ScopeSettings> Scopes { get; set; } = [];

    public string AdminEmailOrDefault => AdminEmail ?? $"admin@{Issuer?.Host}";
}

/// <summary>One client, by its client_id.</summary>
public sealed class ClientSettings
{
    public string? DisplayName { get; set; }

    /// <summary>A confidential client authenticates with <see cref="Secret"/>; a public one (a browser, a terminal) cannot keep one.</summary>
    public bool Confidential { get; set; }

    public string? Secret { get; set; }

    /// <summary>OAuth grant types: authorization_code, refresh_token, client_credentials, urn:ietf:params:oauth:grant-type:device_code.</summary>
    public List<string> Grants { get; set; } = [];

    public List<string> Scopes { get; set; } = [];

    public List<Uri> RedirectUris { get; set; } = [];

    public List<Uri> PostLogoutRedirectUris { get; set; } = [];
}

/// <summary>One scope: the audiences (resources) a token with it is for, and whether only an admin may hold it.</summary>
public sealed class ScopeSettings
{
    public List<string> Resources { get; set; } = [];

    /// <summary>
    /// Granted to a person only if they are an admin (a client with it in its registration, the back office, gets it for
    /// itself): a first-party client may ask, and a customer's token simply does not get it.
    /// </summary>
    public bool AdminOnly { get; set; }
}
