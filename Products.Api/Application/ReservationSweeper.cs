using System.Diagnostics;
using Ecommerce.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;
using Products.Api.Infrastructure;

namespace Products.Api.Application;

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
        var reservations = scope.ServiceProvider.GetRequiredService<StockReservations>();
        var batchSize = options.Value.SweepBatchSize;
        var due = await Untraced.RunAsync(() => reservations.FindDueAsync(batchSize, cancellationToken));
        if (due.Count == 0)
        {
            return;
        }

        using var activity = ProductsMetrics.ActivitySource.StartActivity("release expired reservations", ActivityKind.Internal, parentContext: default);
        var expired = 0;
        while (true)
        {
            var settled = 0;
            foreach (var id in due)
            {
                if (await reservations.ExpireAsync(id, cancellationToken))
                {
                    settled++;
                }
            }

            expired += settled;
            // A reservation another transaction holds is skipped, so a full batch repeats only while it makes progress.
            if (due.Count < batchSize || settled == 0)
            {
                break;
            }

            due = await reservations.FindDueAsync(batchSize, cancellationToken);
        }

        activity?.SetTag("reservations.count", expired);
        if (expired > 0)
        {
            logger.LogInformation("Released {Count} expired reservations", expired);
        }
    }
}
