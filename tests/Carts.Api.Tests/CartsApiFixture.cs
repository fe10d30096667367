using Carts.Api.Infrastructure;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Products.Api.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
[assembly: AssemblyFixture(typeof(RedisFixture))]

namespace Carts.Api.Tests;

/// <summary>
/// Carts.Api and the Products.Api it calls, both on real ports, configured only as an orchestrator would: a connection
/// string, the Products.Api endpoint for service discovery, and the issuer whose tokens they take.
/// </summary>
public class CartsApiFixture(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    public TestIssuer Issuer { get; } = new();

    public RedisFixture Redis => redis;

    /// <summary>Whether the fixture starts and stops its Redis itself, rather than share the assembly's.</summary>
    protected virtual bool OwnsRedis => false;

    public RunningService<CatalogContext> Products { get; private set; } = null!;

    public RunningService<CartStore> Carts { get; private set; } = null!;

    /// <summary>The back office's client of the catalog.</summary>
    public HttpClient Catalog { get; private set; } = null!;

    /// <summary>A customer's client (<see cref="Callers.CustomerId"/>), as the storefront calls for them.</summary>
    public HttpClient Customer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (OwnsRedis)
        {
            await redis.InitializeAsync();
        }

        Products = new RunningService<CatalogContext>(new Dictionary<string, string?>(Issuer.ServiceSettings)
        {
            ["ConnectionStrings:catalogdb"] = await postgres.CreateDatabaseAsync("catalog"),
        }).Start();
        Carts = new RunningService<CartStore>(new Dictionary<string, string?>(Issuer.ServiceSettings)
        {
            ["ConnectionStrings:cache"] = redis.Server.ConnectionString,
            ["services:products:http:0"] = Products.BaseAddress.ToString().TrimEnd('/'),
        }).Start();
        Catalog = Products.ClientAs(Issuer.ProductsWriterToken);
        Customer = CustomerOf(Callers.CustomerId);
    }

    /// <summary>A client of Carts.Api that calls as the person <paramref name="userId"/>.</summary>
    public HttpClient CustomerOf(string userId) => Carts.ClientAs(_ => Issuer.PersonToken(userId));

    public async ValueTask DisposeAsync()
    {
        Customer?.Dispose();
        Catalog?.Dispose();
        await Carts.DisposeAsync();
        await Products.DisposeAsync();
        if (OwnsRedis)
        {
            await redis.DisposeAsync();
        }

        Issuer.Dispose();
    }
}
