using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ecommerce.Hosting.Identity;

/// <summary>A self-signed certificate for a local run, made once into a file only its owner can read.</summary>
internal static class LocalCertificate
{
    private static readonly Lock Creating = new();

    public static string ReadOrCreate(string file, string name, X509KeyUsageFlags usage)
    {
        lock (Creating)
        {
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                using var key = RSA.Create(2048);
                var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(2));
                // Written whole under another name first: a run stopped half-way leaves no half a key behind.
                var written = $"{file}.{Guid.NewGuid():N}";
                var privateFile = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    privateFile.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var stream = new StreamWriter(written, privateFile))
                {
                    stream.Write(certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
                }

                File.Move(written, file);
            }

            return File.ReadAllText(file);
        }
    }
}
