using Ecommerce.TestSupport;

namespace Ecommerce.Chaos;

/// <summary>
/// What a fault may cost at most: the clients' recovery, the 5xx answers, and the wait of a checkout for its order. With
/// <paramref name="FromRestored"/> the times count from when the killed part was back, not from the fault: what is left
/// is what the platform adds to its parts' start, whatever the machine's speed.
/// </summary>
public sealed record FaultBounds(double RecoverySeconds, int? ServerErrors = null, double? CheckoutSeconds = null, bool FromRestored = false)
{
    /// <summary>Each bound the phase went past, said as figure against bound.</summary>
    public IReadOnlyList<string> ExceededBy(Phase phase)
    {
        var (start, after) = FromRestored ? (phase.RestoredAfterSeconds, $" after the part was back ({phase.RestoredAfterSeconds:0.0} s)") : (0, "");
        return
        [
            .. phase.RecoverySeconds - start > RecoverySeconds ? [$"recovery {phase.RecoverySeconds - start:0.0} s{after} > {RecoverySeconds} s"] : Array.Empty<string>(),
            .. phase.ServerErrors > ServerErrors ? [$"{phase.ServerErrors} 5xx > {ServerErrors}"] : Array.Empty<string>(),
            .. phase.LongestCheckoutSeconds - start > CheckoutSeconds
                ? [$"a checkout waited {phase.LongestCheckoutSeconds - start:0.0} s{after} > {CheckoutSeconds} s"] : Array.Empty<string>(),
        ];
    }
}

/// <summary>One failure of one part, and the recovery a cluster would bring: a kubelet restarting a pod, a server coming back.</summary>
public sealed record Fault(string Name, Func<Platform, Task> InjectAsync, FaultBounds Bounds)
{
    /// <summary>The clients' good answers are back to their rate within this long of any fault.</summary>
    private const double Recovery = 15;

    /// <summary>What one replica that died may cost: the calls in flight on it.</summary>
    private static readonly FaultBounds OneReplica = new(Recovery, ServerErrors: 10);

    /// <summary>How long a killed process stays down before it is started again (a kubelet's first back-off).</summary>
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);

    /// <summary>Longer than the gateway's route timeouts (15 s) and the services' attempt timeouts (10 s).</summary>
    private static readonly TimeSpan FrozenFor = TimeSpan.FromSeconds(20);

    public static IReadOnlyList<Fault> Full =>
    [
        Kill("kill -9 one Products.Api", platform => [platform.Products[0]], OneReplica),
        Kill("kill -9 one Carts.Api", platform => [platform.Carts[0]], OneReplica),
        Kill("kill -9 one Orders.Api", platform => [platform.Orders[0]], OneReplica),
        Kill("kill -9 one Identity.Api", platform => [platform.Identity[0]], OneReplica),
        Kill("kill -9 both Products.Api", platform => platform.Products, new(Recovery)),
        new("SIGSTOP one Carts.Api for 20 s", async platform =>
        {
            platform.Carts[1].Freeze();
            await Task.Delay(FrozenFor);
            platform.Carts[1].Thaw();
        }, new(FrozenFor.TotalSeconds + Recovery)),
        KillPostgres,
        RestartPostgres,
        new("restart Redis", async platform =>
        {
            await platform.Redis.StopAsync();
            await platform.Redis.StartAsync();
        }, new(Recovery)),
        OrdersUnderCheckout,
    ];

    /// <summary>
    /// What <c>.ci/run</c> runs: the crash windows of a checkout, and PostgreSQL going away. Its services are the tests'
    /// Debug build, not compiled ahead of time as eng/chaos/run.sh's and the images' are, on a machine that runs other
    /// tests' leftovers beside them: a replica took 4 to 11 s to be back. So its bounds count from when the part was
    /// back; a checkout that waited for its key to age (45 s) still fails them.
    /// </summary>
    public static IReadOnlyList<Fault> Quick =>
    [
        OrdersUnderCheckout with { Bounds = new(Recovery, CheckoutSeconds: 10, FromRestored: true) },
        RestartPostgres with { Bounds = new(Recovery, FromRestored: true) },
    ];

    /// <summary>A checkout caught by it is placed once both replicas are back, without waiting for its key to age.</summary>
    private static Fault OrdersUnderCheckout =>
        Kill("kill -9 both Orders.Api under checkout", platform => platform.Orders, new(Recovery, CheckoutSeconds: 10));

    private static Fault KillPostgres => new("kill -9 PostgreSQL", async platform =>
    {
        await platform.Postgres.KillAsync();
        await Task.Delay(RestartDelay);
        await platform.Postgres.StartAsync();
    }, new(Recovery));

    private static Fault RestartPostgres => new("restart PostgreSQL", async platform =>
    {
        await platform.Postgres.StopAsync();
        await platform.Postgres.StartAsync();
    }, new(Recovery));

    private static Fault Kill(string name, Func<Platform, IReadOnlyList<ServiceProcess>> replicas, FaultBounds bounds) => new(name, async platform =>
    {
        var killed = replicas(platform);
        await Task.WhenAll(killed.Select(replica => replica.KillAsync()));
        await Task.Delay(RestartDelay);
        await Task.WhenAll(killed.Select(replica => replica.RestartAsync()));
    }, bounds);
}
