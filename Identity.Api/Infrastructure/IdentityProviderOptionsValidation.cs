namespace Identity.Api.Infrastructure;

/// <summary>A provider without an issuer, keys, an admin password or its clients' secrets does not start: it says what is missing.</summary>
internal static class IdentityProviderOptionsValidation
{
    public static void ThrowIfInvalid(IdentityProviderOptions options)
    {
        var missing = new List<string>();
        if (options.Issuer is not { IsAbsoluteUri: true })
        {
            missing.Add("Identity:Issuer (the gateway's public URL, such as http://localhost:8080/)");
        }

        if (string.IsNullOrWhiteSpace(options.SigningCertificates))
        {
            missing.Add("Identity:SigningCertificates (PEM)");
        }

        if (string.IsNullOrWhiteSpace(options.EncryptionCertificates))
        {
            missing.Add("Identity:EncryptionCertificates (PEM)");
        }

        if (string.IsNullOrWhiteSpace(options.AdminPassword))
        {
            missing.Add("Identity:AdminPassword");
        }

        missing.AddRange(options.Clients.Where(client => client.Value.Confidential && string.IsNullOrWhiteSpace(client.Value.Secret))
            .Select(client => $"Identity:Clients:{client.Key}:Secret"));
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Identity.Api is not configured: set {string.Join(", ", missing)}.");
        }
    }
}
