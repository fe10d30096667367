using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
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
    IServiceScopeFactory scopes, IOptions<OrdersOptions> options, TimeProvider clock, ILogger<OrderReconciler> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex))
            {
                logger.LogWarning("Reconciliation skipped: {Reason}", ex.Message);
            }
        }
    }

    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
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
        return settled;
    }
}
