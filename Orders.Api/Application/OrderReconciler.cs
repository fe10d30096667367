using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>
/// Finishes what a checkout or a cancellation could not: confirms the reservation of a stored order (or,
/// if it expired meanwhile, cancels the order), and gives back the stock of cancelled orders. Also forgets
/// idempotency keys past their retention. Safe in every replica: each step is idempotent and the order's
/// row version keeps two replicas from both recording it.
/// </summary>
public sealed class OrderReconciler(
    IServiceScopeFactory scopes, IOptions<OrdersOptions> options, TimeProvider clock, ILogger<OrderReconciler> logger)
    : PeriodicWorker(options.Value.ReconcileInterval, logger)
{
    private const int BatchSize = 100;

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingContext>();
        var settlement = scope.ServiceProvider.GetRequiredService<ReservationSettlement>();

        var settledBefore = clock.UtcNowForStorage() - options.Value.ReconcileAfter;
        var unsettled = await db.Orders
            .Where(o => (o.Reservation == ReservationState.Reserved && o.CreatedAt <= settledBefore) ||
                        o.Reservation == ReservationState.ReleasePending)
            .OrderBy(o => o.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var settled = 0;
        foreach (var order in unsettled)
        {
            if (await settlement.TrySettleAsync(order, cancellationToken))
            {
                settled++;
            }
        }

        if (settled > 0)
        {
            logger.LogInformation("Settled the reservations of {Count} orders", settled);
        }

        await scope.ServiceProvider.GetRequiredService<IdempotencyKeys>().DeleteExpiredAsync(cancellationToken);
    }
}
