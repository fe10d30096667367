using Carts.Api.Infrastructure;
using Ecommerce.TestSupport;
using Products.Api.Infrastructure;

namespace Carts.Api.Tests;

/// <summary>
/// Carts.Api on a Redis of its own, with a Products.Api of its own: for tests that stop a dependency, or that
/// compare everything Redis holds while the other test classes write carts to the shared one in parallel.
/// </summary>
public sealed class IsolatedCartsApi(PostgresFixture postgres) : IAsyncLifetime
{
    public RedisFixture Redis { get; } = new();

    public RunningService<CatalogContext> Products { get; private set; } = null!;

    public RunningService<CartStore> Carts { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        Products = await CartsApiFixture.StartProductsAsync(postgres);
        Carts = CartsApiFixture.StartCarts(Redis.Server.ConnectionString, Products.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await Carts.DisposeAsync();
        await Products.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
