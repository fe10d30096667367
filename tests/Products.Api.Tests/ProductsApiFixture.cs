using Ecommerce.TestSupport;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Products.Api.Tests;

/// <summary>Products.Api on a real port with its own database on the assembly's PostgreSQL.</summary>
public class ProductsApiFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private ServiceFactory<Program>? _factory;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("catalog");
        _factory = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:catalogdb"] = connectionString,
            ["Inventory:SweepInterval"] = "00:00:00.200",
        });
        BaseAddress = _factory.Start();
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
