using Carts.Api.Infrastructure;
using Ecommerce.TestSupport;
using Products.Api.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
[assembly: AssemblyFixture(typeof(RedisFixture))]

namespace Carts.Api.Tests;

/// <summary>
/// Carts.Api and the Products.Api it calls, both on real ports, configured only as an orchestrator would:
/// a connection string and the Products.Api endpoint for service discovery.
/// </summary>
public class CartsApiFixture(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    public RunningService<CatalogContext> Products { get; private set; } = null!;

    public RunningService<CartStore> Carts { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Products = await StartProductsAsync(postgres);
        Carts = StartCarts(redis.Server.ConnectionString, Products.BaseAddress);
    }

    public static async Task<RunningService<CatalogContext>> StartProductsAsync(PostgresFixture postgres) =>
        new RunningService<CatalogContext>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:catalogdb"] = await postgres.CreateDatabaseAsync("catalog"),
        }).Start();

    public static RunningService<CartStore> StartCarts(string redisConnectionString, Uri products) =>
        new RunningService<CartStore>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redisConnectionString,
            ["services:products:http:0"] = products.ToString().TrimEnd('/'),
        }).Start();

    public async ValueTask DisposeAsync()
    {
        await Carts.DisposeAsync();
        await Products.DisposeAsync();
    }
}
