using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport.Servers;

namespace Ecommerce.Chaos;

/// <summary>
/// The platform on loopback, as a cluster runs it: durable PostgreSQL, Redis with its append-only file, two replicas of
/// every service, each service finding the others' replicas by service discovery, and the gateway in front of them.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    public const int Replicas = 2;

    private readonly List<IAsyncDisposable> _started = [];

    private Platform(string root) => Root = root;

    public string Root { get; }

    public TestIssuer Issuer { get; } = new();

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Identity { get; private set; } = [];

    public IReadOnlyList<ServiceProcess> Products { get; private set; } = [];

    public IReadOnlyList<ServiceProcess> Carts { get; private set; } = [];

    public IReadOnlyList<ServiceProcess> Orders { get; private set; } = [];

    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>How long a reservation is held here: short, so that the books settle within a minute of the load.</summary>
    public static readonly TimeSpan ReservationTimeToLive = TimeSpan.FromSeconds(30);

    public static async Task<Platform> StartAsync()
    {
        var platform = new Platform(ServerFolders.CreateTemporary("ecommerce-chaos-"));
        try
        {
            await platform.StartServicesAsync();
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    private async Task StartServicesAsync()
    {
        // Durable (fsync on), as a cluster's PostgreSQL: a kill -9 must find on disk what it acknowledged.
        Postgres = Track(await PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = Path.Combine(Root, "pg"),
            Password = Guid.NewGuid().ToString("N"),
            MaxConnections = 300,
        }));
        Redis = Track(await RedisServer.StartAsync(new RedisServerOptions
        {
            DataDirectory = Path.Combine(Root, "redis"),
            Password = Guid.NewGuid().ToString("N"),
            Persistent = true,
        }));
        foreach (var database in new[] { "catalogdb", "ordersdb", "identitydb" })
        {
            await Postgres.EnsureDatabaseAsync(database);
        }

        var identitySettings = IdentitySettings.Create(Postgres.ConnectionStringFor("identitydb"), Issuer);
        Identity = await ReplicasAsync("Identity.Api", identitySettings.ToConfiguration()
            .Select(setting => new KeyValuePair<string, string>(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value!)));
        IEnumerable<KeyValuePair<string, string>> Trusting(IEnumerable<KeyValuePair<string, string>> settings) =>
            settings.Append(new("Authentication__Issuer", TestIssuer.Issuer)).Concat(GatewaySettings.Discovery("identity", Identity));
        Products = await ReplicasAsync("Products.Api", Trusting([new("ConnectionStrings__catalogdb", Postgres.ConnectionStringFor("catalogdb"))]));
        Carts = await ReplicasAsync("Carts.Api", Trusting(
            [new("ConnectionStrings__cache", Redis.ConnectionString), .. GatewaySettings.Discovery("products", Products)]));
        Orders = await ReplicasAsync("Orders.Api", Trusting(
            [
                new("ConnectionStrings__ordersdb", Postgres.ConnectionStringFor("ordersdb")),
                new("ServiceIdentity__ClientSecret", identitySettings.OrdersServiceSecret),
                new("Orders__ReservationTimeToLive", ReservationTimeToLive.ToString("c")),
                new("Orders__ReconcileAfter", "00:00:10"),
                new("Orders__ReconcileInterval", "00:00:02"),
                .. GatewaySettings.Discovery("products", Products),
                .. GatewaySettings.Discovery("carts", Carts),
            ]));
        Gateway = Track(await ServiceProcess.StartAsync(BuildOutput.Repository, "Ecommerce.Gateway", BuildOutput.Configuration, new Dictionary<string, string>(
            GatewaySettings.Discovery("products", Products)
                .Concat(GatewaySettings.Discovery("carts", Carts))
                .Concat(GatewaySettings.Discovery("orders", Orders))
                .Concat(GatewaySettings.Route("products", "/products", TimeSpan.FromSeconds(15)))
                .Concat(GatewaySettings.Route("carts", "/carts", TimeSpan.FromSeconds(15)))
                .Concat(GatewaySettings.Route("orders", "/orders", TimeSpan.FromSeconds(30)))
                .Append(WarningsToStandardError))));
    }

    /// <summary>The console logger writes warnings and errors to standard error, which the run keeps in its log.</summary>
    private static readonly KeyValuePair<string, string> WarningsToStandardError = new("Logging__Console__LogToStandardErrorThreshold", "Warning");

    /// <summary>One after the other: each replica applies the migrations at start, and the first does it alone.</summary>
    private async Task<IReadOnlyList<ServiceProcess>> ReplicasAsync(string project, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var replicas = new List<ServiceProcess>();
        for (var i = 0; i < Replicas; i++)
        {
            Console.WriteLine($"  starting {project}#{i} ...");
            replicas.Add(Track(await ServiceProcess.StartAsync(BuildOutput.Repository, project, BuildOutput.Configuration,
                new Dictionary<string, string>(settings.Append(WarningsToStandardError)), $"{project}#{i}")));
        }

        return replicas;
    }

    private T Track<T>(T started) where T : IAsyncDisposable
    {
        _started.Add(started);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        Issuer.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
