using Ecommerce.TestSupport;

namespace Carts.Api.Tests;

/// <summary>
/// Carts.Api on a Redis of its own, with a Products.Api of its own: for tests that stop a dependency, or that
/// compare everything Redis holds while the other test classes write carts to the shared one in parallel.
/// </summary>
public sealed class IsolatedCartsApi(PostgresFixture postgres) : CartsApiFixture(postgres, new RedisFixture())
{
    protected override bool OwnsRedis => true;
}
