using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Products.Api.Tests;

/// <summary>
/// Products.Api on a real port with its own database on the assembly's PostgreSQL, trusting a test issuer's key.
/// </summary>
public class ProductsApiFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private RunningService<Program>? _service;

    public TestIssuer Issuer { get; } = new();

    /// <summary>A client of the service's writers: the back office for the catalog, Orders.Api for the inventory.</summary>
    public HttpClient Client { get; private set; } = null!;

    public RunningService<Program> Service => _service!;

    public IServiceProvider Services => _service!.Services;

    public async ValueTask InitializeAsync()
    {
        _service = new RunningService<Program>(new Dictionary<string, string?>(Issuer.ServiceSettings)
        {
            ["ConnectionStrings:catalogdb"] = await postgres.CreateDatabaseAsync("catalog"),
            ["Inventory:SweepInterval"] = "00:00:00.200",
        }).Start();
        Client = _service.ClientAs(Issuer.ProductsWriterToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        Issuer.Dispose();
    }
}
