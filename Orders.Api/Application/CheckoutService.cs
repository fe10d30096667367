using System.Diagnostics;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.Extensions.Options;
using Orders.Api.Contracts;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>
/// Places an order: reserve the stock (reservation id = order id), store the order with the reservation's
/// prices, queue the reservation for confirmation, empty the cart. Until the order is stored a failure gives the
/// stock back; once it is stored the order's units are held for it, and confirming them is the committer's (or,
/// after a crash, the reconciler's) to finish.
/// </summary>
public sealed class CheckoutService(
    OrderingContext db,
    InventoryClient inventory,
    CartsClient carts,
    ReservationSettlement settlement,
    ReservationCommitter committer,
    IdempotencyKeys keys,
    ICheckoutAnswers answers,
    TimeProvider clock,
    OrderMetrics metrics,
    IOptions<OrdersOptions> options,
    ILogger<CheckoutService> logger)
{
    /// <summary>
    /// Places <paramref name="customer"/>'s order: from explicit items, or from their cart. With an Idempotency-Key's
    /// <paramref name="claim"/> the order is stored only while the claim holds, with the key's answer in its transaction.
    /// </summary>
    public async Task<CheckoutOutcome> PlaceOrderAsync(
        CreateOrderRequest request, Actor customer, IdempotencyClaim.Claimed? claim, CancellationToken cancellationToken)
    {
        using var activity = OrderMetrics.ActivitySource.StartActivity("checkout");
        var started = Stopwatch.GetTimestamp();

        var (lines, refusal) = await ResolveLinesAsync(request, customer.Sub, cancellationToken);
        if (refusal is not null)
        {
            return Refuse(refusal);
        }

        var orderId = Guid.CreateVersion7();
        activity?.SetTag("order.id", orderId);
        var answer = await ReserveAsync(orderId, lines!, cancellationToken);
        if (answer is InventoryAnswer.Refused refused)
        {
            return Refuse(new CheckoutRefusal.ByInventory(refused));
        }

        var reserved = ((InventoryAnswer.Reserved)answer).Items;
        if (reserved.Select(item => item.Currency).Distinct().Count() > 1)
        {
            await settlement.ReleaseOrphanAsync(orderId);
            return Refuse(new CheckoutRefusal.MixedCurrencies());
        }

        // From here on the client going away changes nothing: an order half-placed because the request was
        // cancelled would have no answer to replay, and a retry would place it twice. Every call below has its
        // own timeout.
        var order = Order.Place(orderId, customer, request.CartId, reserved.Select(ToOrderItem).ToList(), clock.UtcNowForStorage());
        var created = answers.Placed(order);
        if (!await StoreAsync(order, claim, created))
        {
            await settlement.ReleaseOrphanAsync(orderId);
            return Refuse(new CheckoutRefusal.Superseded());
        }

        metrics.StatusChanged(OrderStatus.Pending);

        if (!committer.TryEnqueue(order.Id))
        {
            await settlement.TrySettleAsync(order, CancellationToken.None);
        }

        if (request.CartId is { } cartId && order.Status != OrderStatus.Cancelled)
        {
            await TryEmptyCartAsync(cartId);
        }

        metrics.CheckoutCompleted(Stopwatch.GetElapsedTime(started));
        return new CheckoutOutcome.Placed(order, created);
    }

    /// <summary>
    /// The lines to order: the request's, or the cart's. The cart is read with the caller's own token, so Carts.Api finds
    /// only a cart of theirs: someone else's is as unknown as one that does not exist.
    /// </summary>
    private async Task<(IReadOnlyList<OrderLineRequest>? Lines, CheckoutRefusal? Refusal)> ResolveLinesAsync(
        CreateOrderRequest request, string customer, CancellationToken cancellationToken)
    {
        if (request.CartId is not { } cartId)
        {
            return (request.ValidatedLines(), null);
        }

        var cart = await CallAsync(() => carts.GetAsync(cartId, cancellationToken), "carts_unavailable");
        if (cart is null || cart.UserId != customer)
        {
            return (null, new CheckoutRefusal.UnknownCart(cartId));
        }

        if (cart.Items.Count == 0)
        {
            return (null, new CheckoutRefusal.EmptyCart());
        }

        return (cart.Items, null);
    }

    private async Task<InventoryAnswer> ReserveAsync(Guid orderId, IReadOnlyList<OrderLineRequest> lines, CancellationToken cancellationToken)
    {
        try
        {
            return await inventory.ReserveAsync(orderId, lines, options.Value.ReservationTimeToLive, cancellationToken);
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex) || ex is OperationCanceledException)
        {
            // Products.Api may have reserved before the answer was lost: give it back rather than wait for expiry.
            await settlement.ReleaseOrphanAsync(orderId);
            metrics.CheckoutFailed("products_unavailable");
            throw;
        }
    }

    /// <summary>Stores the order, for a keyed request with its key's answer. False when the key's claim no longer held.</summary>
    private async Task<bool> StoreAsync(Order order, IdempotencyClaim.Claimed? claim, IdempotentAnswer answer)
    {
        try
        {
            if (claim is null)
            {
                db.Orders.Add(order);
                await db.SaveChangesAsync(CancellationToken.None);
                return true;
            }

            return await keys.StoreWithOrderAsync(order, claim, answer);
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex))
        {
            await settlement.ReleaseOrphanAsync(order.Id);
            metrics.CheckoutFailed("database_unavailable");
            throw;
        }
    }

    private async Task TryEmptyCartAsync(Guid cartId)
    {
        try
        {
            await carts.ClearAsync(cartId, CancellationToken.None);
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex))
        {
            // The order stands; a cart left full is an inconvenience, not an inconsistency.
            logger.LogWarning("Cart {CartId} was not emptied after checkout: {Reason}", cartId, ex.Message);
        }
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string cause)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex))
        {
            metrics.CheckoutFailed(cause);
            throw;
        }
    }

    private CheckoutOutcome.Refused Refuse(CheckoutRefusal refusal)
    {
        metrics.CheckoutFailed(refusal.Cause);
        return new CheckoutOutcome.Refused(refusal);
    }

    private static OrderItem ToOrderItem(ReservedItem item) => new()
    {
        ProductId = item.ProductId,
        Sku = item.Sku,
        Name = item.Name,
        UnitPrice = item.UnitPrice,
        Currency = item.Currency,
        Quantity = item.Quantity,
    };
}
