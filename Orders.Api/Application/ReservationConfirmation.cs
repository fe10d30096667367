using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>
/// Confirms a stored order's stock reservation at Products.Api: its units are sold. The only place that does, for the
/// four that need it:
/// <list type="bullet">
/// <item><see cref="ReservationCommitter"/>, in batches, just after checkout (<see cref="ConfirmManyAsync"/>);</item>
/// <item><see cref="CheckoutService"/>, when the committer's queue is full,</item>
/// <item><see cref="OrderReconciler"/>, for what the others could not confirm, and</item>
/// <item><see cref="OrderStatusChanges"/>, before an order is paid or shipped: these three through
/// <see cref="ReservationSettlement.TrySettleAsync"/>, which then also gives back the units of an order that was
/// cancelled because its reservation had expired (<see cref="TryConfirmAsync"/>).</item>
/// </list>
/// Every call names the reservation by the order's id, so confirming twice changes nothing.
/// </summary>
public sealed class ReservationConfirmation(
    OrderingContext db, InventoryClient inventory, TimeProvider clock, OrderMetrics metrics, ILogger<ReservationConfirmation> logger)
{
    public const string ExpiredReason = "The stock reservation ended before the order was confirmed; the order was cancelled.";

    /// <summary>
    /// Confirms <paramref name="order"/>'s reservation, or, when Products.Api refuses (it expired or was released), cancels
    /// the order: the units are no longer its to sell. False when that cannot be done now (Products.Api away, or the order
    /// changed meanwhile): the reconciler tries again.
    /// </summary>
    public async Task<bool> TryConfirmAsync(Order order, CancellationToken cancellationToken)
    {
        try
        {
            if (await inventory.CommitAsync(order.Id, cancellationToken) is InventoryAnswer.Refused)
            {
                order.MoveTo(OrderStatus.Cancelled, clock.UtcNowForStorage(), ExpiredReason, actor: null);
                metrics.StatusChanged(OrderStatus.Cancelled);
            }
            else
            {
                order.Reservation = ReservationState.Committed;
            }

            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (LeftForTheReconciler(ex, order.Id))
        {
            return false;
        }
    }

    /// <summary>
    /// Confirms the reservations of many orders in one call, and records those Products.Api committed. One it did not
    /// commit stays reserved, for the reconciler to confirm or cancel.
    /// </summary>
    public async Task ConfirmManyAsync(IReadOnlyList<Guid> orderIds, CancellationToken cancellationToken)
    {
        var committed = await inventory.CommitManyAsync(orderIds, cancellationToken);
        // Only orders still waiting: one cancelled meanwhile is ReleasePending (or Released) and gives the units
        // back. Said as "not cancelled, not committed" rather than "Reserved": PostgreSQL would answer "Reserved"
        // from the reconciler's partial index, which holds an entry for every order placed since the table was
        // last vacuumed (tens of thousands under load, a batch took 2-3 ms); this way it goes by primary key.
        await db.Orders.Where(o => committed.Contains(o.Id) && o.Status != OrderStatus.Cancelled && o.Reservation != ReservationState.Committed)
            .ExecuteUpdateAsync(order => order.SetProperty(o => o.Reservation, ReservationState.Committed), cancellationToken);
    }

    /// <summary>
    /// Whether a failed step is one the reconciler finishes later: Products.Api could not be reached, or someone else (a
    /// status change, another replica's reconciler) changed the order meanwhile and settles it.
    /// </summary>
    internal bool LeftForTheReconciler(Exception ex, Guid orderId)
    {
        if (DependencyFailures.IsCommonDependencyFailure(ex))
        {
            logger.LogWarning("Reservation of order {OrderId} left for the reconciler: {Reason}", orderId, ex.Message);
            return true;
        }

        return ex is DbUpdateConcurrencyException;
    }
}
