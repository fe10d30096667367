using System.Security.Cryptography.X509Certificates;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Identity.Api.Tests;

/// <summary>
/// What Identity.Api is configured with, as the AppHost or the cluster would configure it: a database, two certificates,
/// the admin's password, the confidential clients' secrets and a public issuer (a gateway's origin, which the tests do
/// not go through: they call the service at its own address, as the services do for discovery).
/// </summary>
public sealed record IdentitySettings(
    string ConnectionString, string SigningCertificates, string EncryptionCertificates, string AdminPassword,
    string BackOfficeSecret, string OrdersServiceSecret)
{
    public const string Issuer = "https://shop.test/";
    public const string Callback = "https://shop.test/callback";

    public static async Task<IdentitySettings> CreateAsync(PostgresFixture postgres) => new(
        await postgres.CreateDatabaseAsync("identity"),
        TestCertificates.Pem("signing", X509KeyUsageFlags.DigitalSignature),
        TestCertificates.Pem("encryption", X509KeyUsageFlags.KeyEncipherment),
        "Adm1n!" + Guid.NewGuid().ToString("N"),
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
        ["Identity:Clients:storefront:RedirectUris:0"] = Callback,
    };

    public RunningService<Program> Start() => new RunningService<Program>(ToConfiguration()).Start();
}

/// <summary>Identity.Api on a real port with its own database on the assembly's PostgreSQL.</summary>
public sealed class IdentityApiFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private RunningService<Program>? _service;

    public IdentitySettings Settings { get; private set; } = null!;

    public HttpClient Client => _service!.Client;

    public Uri BaseAddress => _service!.BaseAddress;

    public IServiceProvider Services => _service!.Services;

    public PostgresFixture Postgres => postgres;

    public async ValueTask InitializeAsync()
    {
        Settings = await IdentitySettings.CreateAsync(postgres);
        _service = Settings.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
