using Carts.Api.Infrastructure;
using Ecommerce.TestSupport;
using Orders.Api.Infrastructure;
using Products.Api.Infrastructure;

namespace Orders.Api.Tests;

/// <summary>
/// Products.Api, Carts.Api and Orders.Api on real ports, wired to each other only by the variables Aspire sets:
/// connection strings and <c>services__{name}__http__0</c>.
/// </summary>
public sealed class ThreeServices : IAsyncDisposable
{
    public RunningService<CatalogContext> Products { get; private set; } = null!;

    public RunningService<CartStore> Carts { get; private set; } = null!;

    public RunningService<OrderingContext> Orders { get; private set; } = null!;

    public static async Task<ThreeServices> StartAsync(PostgresFixture catalogServer, PostgresFixture ordersServer, RedisFixture redis)
    {
        var stack = new ThreeServices();
        stack.Products = new RunningService<CatalogContext>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:catalogdb"] = await catalogServer.CreateDatabaseAsync("catalog"),
            ["Inventory:SweepInterval"] = "00:00:00.200",
        }).Start();
        stack.Carts = new RunningService<CartStore>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.Server.ConnectionString,
            ["services:products:http:0"] = Origin(stack.Products),
        }).Start();
        stack.Orders = new RunningService<OrderingContext>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:ordersdb"] = await ordersServer.CreateDatabaseAsync("orders"),
            ["services:products:http:0"] = Origin(stack.Products),
            ["services:carts:http:0"] = Origin(stack.Carts),
            ["Orders:ReconcileInterval"] = "00:00:00.200",
            ["Orders:ReconcileAfter"] = "00:00:02",
        }).Start();
        return stack;
    }

    private static string Origin<T>(RunningService<T> service) where T : class => service.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        await Orders.DisposeAsync();
        await Carts.DisposeAsync();
        await Products.DisposeAsync();
    }
}

/// <summary>The three services for a test class, on the assembly's PostgreSQL and Redis.</summary>
public sealed class OrdersApiFixture(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    public ThreeServices Stack { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Stack = await ThreeServices.StartAsync(postgres, postgres, redis);

    public async ValueTask DisposeAsync() => await Stack.DisposeAsync();
}
