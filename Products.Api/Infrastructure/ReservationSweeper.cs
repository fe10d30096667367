using Ecommerce.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace Products.Api.Infrastructure;

public sealed class InventoryOptions
{
    /// <summary>How often expired reservations are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int SweepBatchSize { get; set; } = 100;
}

/// <summary>
/// Gives back the units of reservations that were neither committed nor released in time (a caller
/// that crashed half-way). Safe to run in every replica: each reservation is settled under a row lock.
/// </summary>
public sealed class ReservationSweeper(
    IServiceScopeFactory scopes, IOptions<InventoryOptions> options, ILogger<ReservationSweeper> logger)
    : PeriodicWorker(options.Value.SweepInterval, logger)
{
    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<InventoryLedger>();
        var expired = 0;
        bool fullBatchSettled;
        do
        {
            // A reservation another transaction holds is skipped, so a full batch repeats only while it makes progress.
            var due = await ledger.FindDueAsync(options.Value.SweepBatchSize, cancellationToken);
            var settled = 0;
            foreach (var id in due)
            {
                if (await ledger.ExpireAsync(id, cancellationToken))
                {
                    settled++;
                }
            }

            expired += settled;
            fullBatchSettled = due.Count == options.Value.SweepBatchSize && settled > 0;
        }
        while (fullBatchSettled);

        if (expired > 0)
        {
            logger.LogInformation("Released {Count} expired reservations", expired);
        }
    }
}
