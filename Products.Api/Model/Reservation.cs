namespace Products.Api.Model;

/// <summary>Units held for one checkout: reserved, then committed (sold) or released (back to stock).</summary>
public sealed class Reservation
{
    public Guid Id { get; init; }

    public ReservationStatus Status { get; set; }

    public DateTime ExpiresAt { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public List<ReservationItem> Items { get; init; } = [];
}

public enum ReservationStatus
{
    Reserved,
    Committed,
    Released,

    /// <summary>Released by the sweeper because it was not committed before it expired.</summary>
    Expired,
}
