using System.Collections.Concurrent;
using Carts.Api.Infrastructure;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Identity.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orders.Api.Infrastructure;
using Products.Api.Infrastructure;

namespace Orders.Api.Tests;

/// <summary>
/// Identity.Api, Products.Api, Carts.Api and Orders.Api on real ports, wired to each other only by the variables Aspire
/// sets: connection strings and <c>services__{name}__http__0</c>. The services fetch Identity.Api's keys from its
/// discovery document and Orders.Api gets its own token from it; Identity.Api signs with the test issuer's key, so
/// that the tests can sign people's tokens themselves without logging each one in.
/// </summary>
public sealed class ServicesOnRealPorts : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Service, string User), HttpClient> _clients = new();

    public TestIssuer Issuer { get; } = new();

    public RunningService<IdentityContext> Identity { get; private set; } = null!;

    public RunningService<CatalogContext> Products { get; private set; } = null!;

    public RunningService<CartStore> Carts { get; private set; } = null!;

    public RunningService<OrderingContext> Orders { get; private set; } = null!;

    /// <summary>Orders.Api's configuration, for starting another replica of it.</summary>
    public IReadOnlyDictionary<string, string?> OrdersSettings { get; private set; } = null!;

    /// <summary>Products.Api's writers: the back office for the catalog, Orders.Api's token for the inventory.</summary>
    public HttpClient Catalog { get; private set; } = null!;

    /// <summary>The back office's client of Orders.Api (orders.manage): every order, every status change.</summary>
    public HttpClient OrdersAdmin { get; private set; } = null!;

    /// <param name="identitySettings">Changes to Identity.Api's configuration, e.g. a shorter token lifetime.</param>
    /// <param name="ordersServices">Replaces some of Orders.Api's registrations, e.g. a component's clock.</param>
    public static async Task<ServicesOnRealPorts> StartAsync(
        PostgresFixture catalogServer, PostgresFixture ordersServer, RedisFixture redis,
        IReadOnlyDictionary<string, string?>? identitySettings = null, Action<IServiceCollection>? ordersServices = null)
    {
        var stack = new ServicesOnRealPorts();
        var identity = await IdentitySettings.CreateAsync(catalogServer, signer: stack.Issuer);
        var identityConfiguration = identity.ToConfiguration();
        foreach (var (key, value) in identitySettings ?? new Dictionary<string, string?>())
        {
            identityConfiguration[key] = value;
        }

        stack.Identity = new RunningService<IdentityContext>(identityConfiguration).Start();
        stack.Products = new RunningService<CatalogContext>(stack.Settings(new()
        {
            ["ConnectionStrings:catalogdb"] = await catalogServer.CreateDatabaseAsync("catalog"),
            ["Inventory:SweepInterval"] = "00:00:00.200",
        })).Start();
        stack.Carts = new RunningService<CartStore>(stack.Settings(new()
        {
            ["ConnectionStrings:cache"] = redis.Server.ConnectionString,
            ["services:products:http:0"] = Origin(stack.Products),
        })).Start();
        stack.OrdersSettings = stack.Settings(new()
        {
            ["ConnectionStrings:ordersdb"] = await ordersServer.CreateDatabaseAsync("orders"),
            ["services:products:http:0"] = Origin(stack.Products),
            ["services:carts:http:0"] = Origin(stack.Carts),
            ["ServiceIdentity:ClientSecret"] = identity.OrdersServiceSecret,
            ["Orders:ReconcileInterval"] = "00:00:00.200",
            ["Orders:ReconcileAfter"] = "00:00:02",
        });
        stack.Orders = new RunningService<OrderingContext>(stack.OrdersSettings, ordersServices).Start();
        stack.Catalog = stack.Products.ClientAs(stack.Issuer.ProductsWriterToken);
        stack.OrdersAdmin = stack.Orders.ClientAs(_ => stack.Issuer.BackOfficeToken());
        return stack;
    }

    /// <summary>Orders.Api as the person <paramref name="userId"/> calls it (an admin person when <paramref name="admin"/>).</summary>
    public HttpClient OrdersOf(string userId, bool admin = false) =>
        _clients.GetOrAdd(($"orders{(admin ? "-admin" : "")}", userId), _ => Orders.ClientAs(_ => Issuer.PersonToken(userId, admin)));

    /// <summary>Carts.Api as the person <paramref name="userId"/> calls it.</summary>
    public HttpClient CartsOf(string userId) => _clients.GetOrAdd(("carts", userId), _ => Carts.ClientAs(_ => Issuer.PersonToken(userId)));

    /// <summary>What every service is told besides its own: where Identity.Api is, and the public issuer it names.</summary>
    private Dictionary<string, string?> Settings(Dictionary<string, string?> own)
    {
        own["services:identity:http:0"] = Origin(Identity);
        own["Authentication:Issuer"] = TestIssuer.Issuer;
        return own;
    }

    private static string Origin<T>(RunningService<T> service) where T : class => service.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values.Append(Catalog).Append(OrdersAdmin).OfType<HttpClient>())
        {
            client.Dispose();
        }

        await Orders.DisposeAsync();
        await Carts.DisposeAsync();
        await Products.DisposeAsync();
        await Identity.DisposeAsync();
        Issuer.Dispose();
    }
}

/// <summary>The services for a test class, on the assembly's PostgreSQL and Redis.</summary>
public sealed class OrdersApiFixture(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    public ServicesOnRealPorts Stack { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Stack = await ServicesOnRealPorts.StartAsync(postgres, postgres, redis);

    public async ValueTask DisposeAsync() => await Stack.DisposeAsync();
}
