using Ecommerce.TestSupport;

namespace Ecommerce.Chaos;

/// <summary>One failure of one part, and the recovery a cluster would bring: a kubelet restarting a pod, a server coming back.</summary>
public sealed record Fault(string Name, Func<Platform, Task> InjectAsync)
{
    /// <summary>How long a killed process stays down before it is started again (a kubelet's first back-off).</summary>
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);

    /// <summary>Longer than the gateway's route timeouts (15 s) and the services' attempt timeouts (10 s).</summary>
    private static readonly TimeSpan FrozenFor = TimeSpan.FromSeconds(20);

    public static IReadOnlyList<Fault> Full =>
    [
        Kill("kill -9 one Products.Api", platform => [platform.Products[0]]),
        Kill("kill -9 one Carts.Api", platform => [platform.Carts[0]]),
        Kill("kill -9 one Orders.Api", platform => [platform.Orders[0]]),
        Kill("kill -9 one Identity.Api", platform => [platform.Identity[0]]),
        Kill("kill -9 both Products.Api", platform => platform.Products),
        new("SIGSTOP one Carts.Api for 20 s", async platform =>
        {
            platform.Carts[1].Freeze();
            await Task.Delay(FrozenFor);
            platform.Carts[1].Thaw();
        }),
        KillPostgres,
        RestartPostgres,
        new("restart Redis", async platform =>
        {
            await platform.Redis.StopAsync();
            await platform.Redis.StartAsync();
        }),
        OrdersUnderCheckout,
    ];

    /// <summary>What <c>.ci/run</c> runs: the crash windows of a checkout, and PostgreSQL going away.</summary>
    public static IReadOnlyList<Fault> Quick => [OrdersUnderCheckout, RestartPostgres];

    private static Fault OrdersUnderCheckout => Kill("kill -9 both Orders.Api under checkout", platform => platform.Orders);

    private static Fault KillPostgres => new("kill -9 PostgreSQL", async platform =>
    {
        await platform.Postgres.KillAsync();
        await Task.Delay(RestartDelay);
        await platform.Postgres.StartAsync();
    });

    private static Fault RestartPostgres => new("restart PostgreSQL", async platform =>
    {
        await platform.Postgres.StopAsync();
        await platform.Postgres.StartAsync();
    });

    private static Fault Kill(string name, Func<Platform, IReadOnlyList<ServiceProcess>> replicas) => new(name, async platform =>
    {
        var killed = replicas(platform);
        await Task.WhenAll(killed.Select(replica => replica.KillAsync()));
        await Task.Delay(RestartDelay);
        await Task.WhenAll(killed.Select(replica => replica.RestartAsync()));
    });
}
