using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Api.Infrastructure;

/// <summary>
/// Certificates with their private keys from PEM text: each CERTIFICATE block followed by its key (PRIVATE KEY or RSA
/// PRIVATE KEY), as openssl writes them and as a Kubernetes Secret holds them. Several pairs in one text are several keys.
/// </summary>
public static class CertificateBundle
{
    public static IReadOnlyList<X509Certificate2> Parse(string pem, string setting)
    {
        var certificates = new List<X509Certificate2>();
        string? certificate = null;
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var block = rest[fields.Location].ToString();
            rest = rest[fields.Location.End..];
            switch (label)
            {
                case "CERTIFICATE" when certificate is null:
                    certificate = block;
                    break;
                case "PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY" when certificate is not null:
                    certificates.Add(X509Certificate2.CreateFromPem(certificate, block));
                    certificate = null;
                    break;
                default:
                    throw new InvalidOperationException($"{setting}: a {label} block is out of place; give each CERTIFICATE followed by its PRIVATE KEY.");
            }
        }

        if (certificate is not null || certificates.Count == 0)
        {
            throw new InvalidOperationException($"{setting} holds no certificate with its private key (PEM: CERTIFICATE, then PRIVATE KEY).");
        }

        return certificates;
    }
}
