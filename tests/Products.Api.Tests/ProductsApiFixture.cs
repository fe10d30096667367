using Ecommerce.TestSupport;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Products.Api.Tests;

/// <summary>Products.Api on a real port with its own database on the assembly's PostgreSQL.</summary>
public class ProductsApiFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private RunningService<Program>? _service;

    public HttpClient Client => _service!.Client;

    public IServiceProvider Services => _service!.Services;

    public async ValueTask InitializeAsync()
    {
        _service = new RunningService<Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:catalogdb"] = await postgres.CreateDatabaseAsync("catalog"),
            ["Inventory:SweepInterval"] = "00:00:00.200",
        }).Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
