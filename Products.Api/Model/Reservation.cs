namespace Products.Api.Model;

/// <summary>Units held for one checkout: reserved, then committed (sold) or released (back to stock).</summary>
public sealed class Reservation
{
    private static readonly Dictionary<ReservationStatus, ReservationStatus[]> AllowedTransitions = new()
    {
        [ReservationStatus.Reserved] = [ReservationStatus.Committed, ReservationStatus.Released, ReservationStatus.Expired],
        [ReservationStatus.Committed] = [ReservationStatus.Released],
        [ReservationStatus.Released] = [],
        [ReservationStatus.Expired] = [],
    };

    public Guid Id { get; init; }

    public ReservationStatus Status { get; private set; }

    public DateTime ExpiresAt { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; private set; }

    public List<ReservationItem> Items { get; init; } = [];

    /// <summary>A new reservation holding its units until <paramref name="ttl"/> from <paramref name="now"/>.</summary>
    public static Reservation Hold(Guid id, DateTime now, TimeSpan ttl) => new()
    {
        Id = id,
        Status = ReservationStatus.Reserved,
        CreatedAt = now,
        UpdatedAt = now,
        ExpiresAt = now + ttl,
    };

    /// <summary>Held and past its time: its units are due back in stock.</summary>
    public bool IsDueAt(DateTime now) => Status == ReservationStatus.Reserved && ExpiresAt <= now;

    public bool CanMoveTo(ReservationStatus next) => AllowedTransitions[Status].Contains(next);

    /// <summary>
    /// Changes the status and moves the units of every line to the counter that <paramref name="next"/> keeps them in;
    /// <paramref name="products"/> are this reservation's, locked.
    /// </summary>
    public void MoveTo(ReservationStatus next, IReadOnlyDictionary<Guid, Product> products, DateTime now)
    {
        if (!CanMoveTo(next))
        {
            throw new InvalidOperationException($"A reservation cannot go from {Status} to {next}.");
        }

        foreach (var item in Items)
        {
            products[item.ProductId].MoveUnits(item.Quantity, CounterOf(Status), CounterOf(next), now);
        }

        Status = next;
        UpdatedAt = now;
    }

    private static StockCounter CounterOf(ReservationStatus status) => status switch
    {
        ReservationStatus.Reserved => StockCounter.Reserved,
        ReservationStatus.Committed => StockCounter.Committed,
        _ => StockCounter.Stock,
    };
}

public enum ReservationStatus
{
    Reserved,
    Committed,
    Released,

    /// <summary>Released by the sweeper because it was not committed before it expired.</summary>
    Expired,
}
