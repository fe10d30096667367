using Ecommerce.ServiceDefaults.Authentication;

namespace Orders.Api.Model;

/// <summary>
/// An order: the items and prices of the stock reservation it was placed with (its id is the reservation's),
/// its status, and where that reservation stands.
/// </summary>
public sealed class Order
{
    public Guid Id { get; init; }

    public required string UserId { get; init; }

    public Guid? CartId { get; init; }

    public OrderStatus Status { get; private set; }

    public required string Currency { get; init; }

    public decimal Total { get; init; }

    public ReservationState Reservation { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; private set; }

    public List<OrderItem> Items { get; init; } = [];

    public List<StatusChange> StatusHistory { get; init; } = [];

    /// <summary>PostgreSQL's row version (xmin): two status changes cannot both win.</summary>
    public uint Version { get; set; }

    /// <summary>The order <paramref name="customer"/> placed, pending, for their own user id.</summary>
    public static Order Place(Guid id, Actor customer, Guid? cartId, IReadOnlyList<OrderItem> items, DateTime now) => new Order
    {
        Id = id,
        UserId = customer.Sub,
        CartId = cartId,
        Currency = items[0].Currency,
        Total = items.Sum(item => item.LineTotal),
        Reservation = ReservationState.Reserved,
        CreatedAt = now,
        Items = [.. items],
    }.MoveTo(OrderStatus.Pending, now, reason: null, customer);

    private static readonly Dictionary<OrderStatus, OrderStatus[]> AllowedTransitions = new()
    {
        [OrderStatus.Pending] = [OrderStatus.Paid, OrderStatus.Cancelled],
        [OrderStatus.Paid] = [OrderStatus.Shipped, OrderStatus.Cancelled],
        [OrderStatus.Shipped] = [OrderStatus.Delivered],
        [OrderStatus.Delivered] = [],
        [OrderStatus.Cancelled] = [],
    };

    public bool CanMoveTo(OrderStatus next) => AllowedTransitions[Status].Contains(next);

    /// <summary>
    /// Changes the status and records it with who changed it (<paramref name="actor"/>, null for the service itself);
    /// cancelling also marks the stock to be given back.
    /// </summary>
    public Order MoveTo(OrderStatus next, DateTime now, string? reason, Actor? actor)
    {
        if (StatusHistory.Count > 0 && !CanMoveTo(next))
        {
            throw new InvalidOperationException($"An order cannot go from {Status} to {next}.");
        }

        Status = next;
        UpdatedAt = now;
        StatusHistory.Add(new StatusChange { Status = next, At = now, Reason = reason, Actor = actor });
        if (next == OrderStatus.Cancelled && Reservation != ReservationState.Released)
        {
            Reservation = ReservationState.ReleasePending;
        }

        return this;
    }
}

public enum OrderStatus
{
    Pending,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

/// <summary>Where the order's stock reservation in Products.Api stands, as far as this service knows.</summary>
public enum ReservationState
{
    /// <summary>Reserved and stored, not yet confirmed: the reconciler confirms it if checkout did not.</summary>
    Reserved,
    Committed,

    /// <summary>The order was cancelled; the units still have to be given back.</summary>
    ReleasePending,
    Released,
}
