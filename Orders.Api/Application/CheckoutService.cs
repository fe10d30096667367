using System.Diagnostics;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
    IOptions<JsonOptions> json,
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
            return Refuse(FromInventory(refused));
        }

        var reserved = ((InventoryAnswer.Reserved)answer).Items;
        if (reserved.Select(item => item.Currency).Distinct().Count() > 1)
        {
            await settlement.ReleaseOrphanAsync(orderId);
            return Refuse(new CheckoutOutcome.Refused(StatusCodes.Status409Conflict,
                "The products are priced in different currencies; place one order per currency.", "mixed_currencies"));
        }

        // From here on the client going away changes nothing: an order half-placed because the request was
        // cancelled would have no answer to replay, and a retry would place it twice. Every call below has its
        // own timeout.
        var order = Order.Place(orderId, customer, request.CartId, reserved.Select(ToOrderItem).ToList(), clock.UtcNowForStorage());
        var created = IdempotentAnswer.Created(order, json.Value.SerializerOptions);
        if (!await StoreAsync(order, claim, created))
        {
            await settlement.ReleaseOrphanAsync(orderId);
            return Refuse(new CheckoutOutcome.Refused(StatusCodes.Status409Conflict,
                "A retry with this Idempotency-Key took the request over; its answer is the key's.", "superseded"));
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
        return new CheckoutOutcome.Placed(created);
    }

    /// <summary>
    /// The lines to order: the request's, or the cart's. The cart is read with the caller's own token, so Carts.Api finds
    /// only a cart of theirs: someone else's is as unknown as one that does not exist.
    /// </summary>
    private async Task<(IReadOnlyList<OrderLineRequest>? Lines, CheckoutOutcome.Refused? Refusal)> ResolveLinesAsync(
        CreateOrderRequest request, string customer, CancellationToken cancellationToken)
    {
        if (request.CartId is not { } cartId)
        {
            return (request.ValidatedLines(), null);
        }

        var cart = await CallAsync(() => carts.GetAsync(cartId, cancellationToken), "carts_unavailable");
        if (cart is null || cart.UserId != customer)
        {
            return (null, new(StatusCodes.Status404NotFound, $"No cart has the id '{cartId}'.", "unknown_cart"));
        }

        if (cart.Items.Count == 0)
        {
            return (null, new(StatusCodes.Status400BadRequest, "The cart is empty.", "empty_cart",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["cart_id"] = ["The cart is empty."] } }));
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

    /// <summary>
    /// Stores the order and, for a keyed request, the key's answer in one transaction: a crash leaves either both (the
    /// retry replays the order) or neither (the retry places it). False when the key's claim no longer held.
    /// </summary>
    private async Task<bool> StoreAsync(Order order, IdempotencyClaim.Claimed? claim, IdempotentAnswer answer)
    {
        try
        {
            db.Orders.Add(order);
            if (claim is null)
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return true;
            }

            // A commit whose acknowledgement was lost is retried only if the order is not there.
            var stored = await db.Database.CreateExecutionStrategy().ExecuteAsync(
                claim,
                async (_, held, ct) =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                    if (!await keys.CompleteAsync(held, answer, ct))
                    {
                        await transaction.RollbackAsync(ct);
                        return false;
                    }

                    await transaction.CommitAsync(ct);
                    return true;
                },
                async (_, _, ct) => new ExecutionResult<bool>(await db.Orders.AsNoTracking().AnyAsync(o => o.Id == order.Id, ct), true),
                CancellationToken.None);
            if (stored)
            {
                db.ChangeTracker.AcceptAllChanges();
            }
            else
            {
                db.ChangeTracker.Clear();
            }

            return stored;
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

    private CheckoutOutcome.Refused Refuse(CheckoutOutcome.Refused refusal)
    {
        metrics.CheckoutFailed(refusal.Cause);
        return refusal;
    }

    /// <summary>Products.Api's refusal, passed on with what the client needs (which products, how many left).</summary>
    private static CheckoutOutcome.Refused FromInventory(InventoryAnswer.Refused refused)
    {
        var detail = refused.Problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        var extensions = new Dictionary<string, object?>();
        foreach (var name in new[] { "unavailable", "unknown_product_ids" })
        {
            if (refused.Problem.TryGetProperty(name, out var value))
            {
                extensions[name] = value.Clone();
            }
        }

        var cause = refused.Status switch
        {
            StatusCodes.Status409Conflict => "insufficient_stock",
            StatusCodes.Status422UnprocessableEntity => "unknown_product",
            _ => "refused_by_inventory",
        };
        return new CheckoutOutcome.Refused(refused.Status, detail, cause, extensions);
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
