using System.Security.Cryptography.X509Certificates;

namespace Ecommerce.TestSupport.Identity;

/// <summary>
/// What Identity.Api is configured with, as the AppHost or the cluster would configure it: a database, two certificates,
/// the admin's password, the confidential clients' secrets and a public issuer (a gateway's origin, which the tests do
/// not go through: they call the service at its own address, as the services do for discovery).
/// </summary>
public sealed record IdentitySettings(
    string ConnectionString, string SigningCertificates, string EncryptionCertificates, string AdminPassword,
    string BackOfficeSecret, string OrdersServiceSecret, string StorefrontSecret)
{
    public const string Issuer = TestIssuer.Issuer;
    public const string Callback = "https://shop.test/callback";
    public const string StorefrontCallback = "https://shop.test/signin-oidc";

    /// <summary>Settings with a new database and new keys; tokens are signed with <paramref name="signer"/>'s key when given.</summary>
    public static async Task<IdentitySettings> CreateAsync(PostgresFixture postgres, TestIssuer? signer = null) =>
        Create(await postgres.CreateDatabaseAsync("identity"), signer);

    /// <summary>Settings for the database at <paramref name="connectionString"/>, with new keys, or <paramref name="signer"/>'s signing key.</summary>
    public static IdentitySettings Create(string connectionString, TestIssuer? signer = null) => new(
        connectionString,
        signer?.CertificatePem ?? TestCertificates.Pem("signing", X509KeyUsageFlags.DigitalSignature),
        TestCertificates.Pem("encryption", X509KeyUsageFlags.KeyEncipherment),
        "Adm1n!" + Guid.NewGuid().ToString("N"),
        Guid.NewGuid().ToString("N"),
        Guid.NewGuid().ToString("N"),
        Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> ToConfiguration() => new()
    {
        ["ConnectionStrings:identitydb"] = ConnectionString,
        ["Identity:Issuer"] = Issuer,
        ["Identity:SigningCertificates"] = SigningCertificates,
        ["Identity:EncryptionCertificates"] = EncryptionCertificates,
        ["Identity:AdminPassword"] = AdminPassword,
        ["Identity:Clients:back-office:Secret"] = BackOfficeSecret,
        ["Identity:Clients:orders-service:Secret"] = OrdersServiceSecret,
        ["Identity:Clients:storefront:Secret"] = StorefrontSecret,
        ["Identity:Clients:storefront:RedirectUris:0"] = StorefrontCallback,
        ["Identity:Clients:api-reference:RedirectUris:0"] = Callback,
    };
}
