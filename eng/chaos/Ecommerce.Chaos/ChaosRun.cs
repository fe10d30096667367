namespace Ecommerce.Chaos;

/// <summary>The result of a run: each fault's figures, and the books once everything settled.</summary>
public sealed record ChaosReport(DateTime StartedAt, IReadOnlyList<Phase> Phases, bool Settled, IReadOnlyList<Book> Books)
{
    public bool Balanced => Settled && Phases.All(phase => phase.Balanced) && Books.All(book => book.Balanced);
}

/// <summary>
/// Starts the platform, puts it under load through its gateway, injects each fault after a calm period and waits for
/// the clients to recover from it, then stops the load, lets the background work settle and checks the books.
/// </summary>
public static class ChaosRun
{
    private const int Customers = 12;
    private const int Readers = 4;
    private const int Products = 20;
    // Enough for the whole run: a product sold out turns every later checkout of it into a quick 409, and the faults
    // late in the run would then meet far fewer orders than the first ones.
    private const int InitialStock = 100_000;

    /// <summary>The rate of good answers is measured over this long before each fault.</summary>
    private static readonly TimeSpan Calm = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The load runs this long before the first calm: a platform just started is still compiling its code, and a rate
    /// measured then, or a replica restarted then, says more about the start than about the fault.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    /// <summary>A part restored, the clients get this long to get back to their rate before the next fault anyway.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    public static async Task<ChaosReport> RunAsync(DateTime startedAt, IReadOnlyList<Fault> faults, Action<string> say)
    {
        say("Starting the platform: PostgreSQL, Redis, two replicas of each service, the gateway ...");
        await using var platform = await Platform.StartAsync();
        var log = new AnswerLog();
        using var shop = new ShopClient(platform.Gateway.Address, log);
        var ledger = new ClientLedger();
        var adminToken = platform.Issuer.AccessToken("back-office", "catalog.write orders.manage", clientId: "back-office", expiresIn: TimeSpan.FromHours(1));
        var catalog = await BackOffice.StockCatalogAsync(shop, ledger, adminToken, Products, InitialStock);

        say($"Load: {Customers} customers, {Readers} readers, an admin, through the gateway at {platform.Gateway.Origin}");
        using var stop = new CancellationTokenSource();
        using var backOffice = new BackOffice(shop, ledger, catalog, adminToken, seed: 1);
        var workers = Enumerable.Range(0, Customers)
            .Select(i => new Customer(shop, ledger, catalog, $"chaos-customer-{i}",
                platform.Issuer.AccessToken($"chaos-customer-{i}", "openid carts orders", expiresIn: TimeSpan.FromHours(1)), seed: 100 + i).RunAsync(stop.Token))
            .Concat(Enumerable.Range(0, Readers).Select(i => new Reader(shop, catalog, seed: 200 + i).RunAsync(stop.Token)))
            .Append(backOffice.RunAsync(stop.Token))
            .Select(worker => Task.Run(() => worker))
            .ToList();

        await Task.Delay(WarmUp);
        var phases = new List<Phase>();
        foreach (var fault in faults)
        {
            await Task.Delay(Calm);
            var baseline = log.GoodPerSecond(Calm);
            var start = log.Now;
            say($"  {fault.Name} ...");
            await fault.InjectAsync(platform);
            var restoredAt = log.Now;
            while (log.Now - restoredAt < RecoveryLimit &&
                   (log.Now - restoredAt < TimeSpan.FromSeconds(5) || log.GoodPerSecond(TimeSpan.FromSeconds(3)) < Phase.Recovered * baseline))
            {
                await Task.Delay(250);
            }

            var end = log.Now;
            var books = await backOffice.BetweenChangesAsync(async () =>
                (IReadOnlyList<Book>)[await Books.StockAsync(platform, ledger), await Books.OrdersPerKeyAsync(platform)]);
            phases.Add(Phase.Of(fault, log, start, restoredAt, end, baseline, books));
        }

        say("Stopping the load (each client finishes what it started) and letting the background work settle ...");
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        var settled = await Books.SettleAsync(platform, Platform.ReservationTimeToLive * 4);
        return new ChaosReport(startedAt, phases, settled, await Books.CheckAsync(platform, ledger, log.All));
    }
}
