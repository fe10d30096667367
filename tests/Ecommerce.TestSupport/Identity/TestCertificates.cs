using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ecommerce.TestSupport.Identity;

/// <summary>Self-signed certificates with their keys in PEM, as the operator's Secret or the AppHost's data folder holds them.</summary>
public static class TestCertificates
{
    public static string Pem(string name, X509KeyUsageFlags usage, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
