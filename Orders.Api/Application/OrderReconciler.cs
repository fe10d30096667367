using System.Diagnostics;
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
        var settledBefore = clock.UtcNowForStorage() - options.Value.ReconcileAfter;
        var unsettled = await Untraced.RunAsync(() => db.Orders
            .Where(o => (o.Reservation == ReservationState.Reserved && o.CreatedAt <= settledBefore) ||
                        o.Reservation == ReservationState.ReleasePending)
            .OrderBy(o => o.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken));
        // Every run says how many orders still wait (none, mostly), so that an alert sees the backlog and its end.
        scope.ServiceProvider.GetRequiredService<OrderMetrics>().Unconfirmed(unsettled.Count(o => o.Reservation == ReservationState.Reserved));
        if (unsettled.Count > 0)
        {
            await SettleAsync(unsettled, scope.ServiceProvider.GetRequiredService<ReservationSettlement>(), cancellationToken);
        }

        var keys = scope.ServiceProvider.GetRequiredService<IdempotencyKeys>();
        if (await Untraced.RunAsync(() => keys.AnyExpiredAsync(cancellationToken)))
        {
            using var activity = OrderMetrics.ActivitySource.StartActivity("forget expired idempotency keys", ActivityKind.Internal, parentContext: default);
            activity?.SetTag("keys.count", await keys.DeleteExpiredAsync(cancellationToken));
        }
    }

    private async Task SettleAsync(List<Order> unsettled, ReservationSettlement settlement, CancellationToken cancellationToken)
    {
        using var activity = OrderMetrics.ActivitySource.StartActivity("reconcile orders", ActivityKind.Internal, parentContext: default);
        var settled = 0;
        foreach (var order in unsettled)
        {
            if (await settlement.TrySettleAsync(order, cancellationToken))
            {
                settled++;
            }
        }

        activity?.SetTag("orders.count", unsettled.Count);
        activity?.SetTag("orders.settled", settled);
        if (settled > 0)
        {
            logger.LogInformation("Settled the reservations of {Count} orders", settled);
        }
    }
}
