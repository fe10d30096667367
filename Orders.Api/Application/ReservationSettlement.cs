using Ecommerce.ServiceDefaults.Http;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>
/// Brings an order's stock reservation in line with the order: confirms it for a live order (see
/// <see cref="ReservationConfirmation"/>), gives the units back for a cancelled one. Checkout, cancellation and the
/// reconciler all end here, and every step is idempotent, so whoever runs it again after a crash or a failed call
/// finishes the job.
/// </summary>
public sealed class ReservationSettlement(
    OrderingContext db, InventoryClient inventory, ReservationConfirmation confirmation, ILogger<ReservationSettlement> logger)
{
    /// <summary>Settles what can be settled now. Returns false when Products.Api could not be reached (try later).</summary>
    public async Task<bool> TrySettleAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.Reservation == ReservationState.Reserved && !await confirmation.TryConfirmAsync(order, cancellationToken))
        {
            return false;
        }

        if (order.Reservation != ReservationState.ReleasePending)
        {
            return true;
        }

        try
        {
            // Refused means Products.Api has no such reservation: there is nothing to give back either way.
            await inventory.ReleaseAsync(order.Id, cancellationToken);
            order.Reservation = ReservationState.Released;
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (confirmation.LeftForTheReconciler(ex, order.Id))
        {
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
