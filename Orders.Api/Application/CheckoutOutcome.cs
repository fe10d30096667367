using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>How a checkout ended, for the caller.</summary>
public abstract record CheckoutOutcome
{
    private CheckoutOutcome()
    {
    }

    /// <summary>The order is stored; <paramref name="Answer"/> is its answer as the order was when stored.</summary>
    public sealed record Placed(Order Order, IdempotentAnswer Answer) : CheckoutOutcome;

    /// <summary>No order was placed and no stock stays reserved.</summary>
    public sealed record Refused(CheckoutRefusal Refusal) : CheckoutOutcome;

    /// <summary>The Idempotency-Key answered before: <paramref name="Answer"/> is that answer, to send again as it was.</summary>
    public sealed record Replayed(IdempotentAnswer Answer) : CheckoutOutcome;

    /// <summary>The request names a <c>user_id</c> other than the caller's: an order is placed for the caller only.</summary>
    public sealed record ForAnotherCustomer : CheckoutOutcome;

    /// <summary>The first request with this Idempotency-Key is still running.</summary>
    public sealed record KeyInProgress : CheckoutOutcome;

    /// <summary>This Idempotency-Key was used for a different request.</summary>
    public sealed record KeyReused : CheckoutOutcome;
}

/// <summary>
/// Why no order was placed, said to the client by <see cref="Detail"/> and <see cref="Extensions"/>; <see cref="Cause"/>
/// labels the metric. A keyed request's retries get the same refusal again.
/// </summary>
public abstract record CheckoutRefusal(string Cause, string Detail, IDictionary<string, object?>? Extensions = null)
{
    public sealed record UnknownCart(Guid CartId) : CheckoutRefusal("unknown_cart", $"No cart has the id '{CartId}'.");

    /// <summary>Reported on the <c>cart_id</c> field, as a validation error of the request would be.</summary>
    public sealed record EmptyCart() : CheckoutRefusal("empty_cart", "The cart is empty.",
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["cart_id"] = ["The cart is empty."] } });

    public sealed record MixedCurrencies() : CheckoutRefusal(
        "mixed_currencies", "The products are priced in different currencies; place one order per currency.");

    /// <summary>A retry took the Idempotency-Key over while this request ran: the order is the retry's to place.</summary>
    public sealed record Superseded() : CheckoutRefusal(
        "superseded", "A retry with this Idempotency-Key took the request over; its answer is the key's.");

    /// <summary>Products.Api's refusal (not enough stock, unknown products), passed on with what the client needs.</summary>
    public sealed record ByInventory(InventoryAnswer.Refused Answer)
        : CheckoutRefusal(Answer.Cause, Answer.Detail, Answer.ForTheClient());
}
