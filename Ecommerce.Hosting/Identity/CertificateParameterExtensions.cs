using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting;
using Ecommerce.Hosting.Identity;

namespace Aspire.Hosting;

public static class CertificateParameterExtensions
{
    /// <summary>
    /// A secret parameter whose value is an X.509 certificate and its private key, in PEM. A local run makes one once and
    /// keeps it in its data folder, so that every replica uses it and a token issued before a restart is still valid
    /// after it; published, it is an input like any secret (the cluster's Secret holds the operator's certificates).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddCertificateParameter(
        this IDistributedApplicationBuilder builder, string name, X509KeyUsageFlags usage)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder.AddParameter(name, secret: true);
        }

        var file = Path.Combine(LocalRun.DataDirectory(builder.Configuration, builder.AppHostDirectory), "certificates", $"{name}.pem");
        return builder.AddParameter(name, () => LocalCertificate.ReadOrCreate(file, name, usage), secret: true);
    }
}
