using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>How a request to move an order along its lifecycle ended.</summary>
public abstract record StatusChangeOutcome
{
    private StatusChangeOutcome()
    {
    }

    public sealed record Changed(Order Order) : StatusChangeOutcome;

    /// <summary>No such order, or one the caller may not see: the two are told apart by no one.</summary>
    public sealed record NotFound : StatusChangeOutcome;

    /// <summary>A customer may cancel their order; every other change is an admin's.</summary>
    public sealed record NotAllowed : StatusChangeOutcome;

    /// <summary>The lifecycle has no move from the order's <paramref name="Current"/> status to the requested one.</summary>
    public sealed record NoSuchTransition(OrderStatus Current, OrderStatus Requested) : StatusChangeOutcome;

    /// <summary>The order's stock is not confirmed yet, so it can only be cancelled until the reconciler has confirmed it.</summary>
    public sealed record StockNotConfirmed(OrderStatus Current) : StatusChangeOutcome;
}

/// <summary>
/// Moves an order along its lifecycle: who may, which moves exist, only confirmed stock is paid for or shipped, and a
/// cancellation gives the stock back.
/// </summary>
public sealed class OrderStatusChanges(
    OrderingContext db, ReservationSettlement settlement, OrderMetrics metrics, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    /// <summary>Moves the order <paramref name="id"/> (an id that is no UUID is an order that does not exist) to <paramref name="next"/>.</summary>
    public async Task<StatusChangeOutcome> MoveAsync(string id, OrderStatus next, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var orderId))
        {
            return new StatusChangeOutcome.NotFound();
        }

        // The row version makes a concurrent change (another request, the reconciler) lose cleanly; the loser
        // re-reads and decides again, so two cancellations never both release the stock.
        var confirmed = false;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            if (order is null || !caller.MaySee(order))
            {
                return new StatusChangeOutcome.NotFound();
            }

            if (next != OrderStatus.Cancelled && !caller.IsOrdersAdmin())
            {
                return new StatusChangeOutcome.NotAllowed();
            }

            if (!order.CanMoveTo(next))
            {
                return new StatusChangeOutcome.NoSuchTransition(order.Status, next);
            }

            // Only stock that is the order's can be paid for and shipped. A reservation not confirmed yet (its batch
            // has not run, or Products.Api was away) is confirmed now, once; if that cannot be done the order can
            // only be cancelled until the reconciler has. One Products.Api refuses (expired) cancels the order, and
            // settling gives its units back at once.
            if (next != OrderStatus.Cancelled && order.Reservation == ReservationState.Reserved && !confirmed)
            {
                confirmed = true;
                await settlement.TrySettleAsync(order, cancellationToken);
                continue;
            }

            if (next != OrderStatus.Cancelled && order.Reservation != ReservationState.Committed)
            {
                return new StatusChangeOutcome.StockNotConfirmed(order.Status);
            }

            order.MoveTo(next, clock.UtcNowForStorage(), reason: null, caller.AsActor());
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                continue;
            }

            metrics.StatusChanged(order.Status);
            if (order.Reservation == ReservationState.ReleasePending)
            {
                await settlement.TrySettleAsync(order, cancellationToken);
            }

            return new StatusChangeOutcome.Changed(order);
        }
    }
}
