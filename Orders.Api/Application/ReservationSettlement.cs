using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>
/// Brings an order's stock reservation in line with the order: confirms it for a live order, gives the units
/// back for a cancelled one. Checkout, cancellation and the reconciler all end here, and every step is
/// idempotent, so whoever runs it again after a crash or a failed call finishes the job.
/// </summary>
public sealed class ReservationSettlement(
    OrderingContext db, InventoryClient inventory, TimeProvider clock, OrderMetrics metrics, ILogger<ReservationSettlement> logger)
{
    public const string ExpiredReason = "The stock reservation ended before the order was confirmed; the order was cancelled.";

    /// <summary>Settles what can be settled now. Returns false when Products.Api could not be reached (try later).</summary>
    public async Task<bool> TrySettleAsync(Order order, CancellationToken cancellationToken)
    {
        try
        {
            if (order.Reservation == ReservationState.Reserved)
            {
                if (await inventory.CommitAsync(order.Id, cancellationToken) is InventoryAnswer.Refused)
                {
                    // Expired or released: the units are no longer this order's to sell.
                    order.MoveTo(OrderStatus.Cancelled, clock.UtcNowForStorage(), ExpiredReason, actor: null);
                    metrics.StatusChanged(OrderStatus.Cancelled);
                }
                else
                {
                    order.Reservation = ReservationState.Committed;
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            if (order.Reservation == ReservationState.ReleasePending)
            {
                // Refused means Products.Api has no such reservation: there is nothing to give back either way.
                await inventory.ReleaseAsync(order.Id, cancellationToken);
                order.Reservation = ReservationState.Released;
                await db.SaveChangesAsync(cancellationToken);
            }

            return true;
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex))
        {
            logger.LogWarning("Reservation of order {OrderId} left for the reconciler: {Reason}", order.Id, ex.Message);
            return false;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else changed the order meanwhile (a status change, another replica's reconciler); they settle it.
            return false;
        }
    }

    /// <summary>Gives back a reservation that no order was stored for. Best effort: its expiry is the backstop.</summary>
    public async Task ReleaseOrphanAsync(Guid reservationId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await inventory.ReleaseAsync(reservationId, timeout.Token);
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex) || ex is OperationCanceledException)
        {
            logger.LogWarning("Reservation {ReservationId} could not be released now; it expires on its own: {Reason}", reservationId, ex.Message);
        }
    }
}
