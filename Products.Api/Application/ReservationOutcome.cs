using Products.Api.Contracts;
using Products.Api.Model;

namespace Products.Api.Application;

/// <summary>What became of a reservation request, or of a change to a reservation.</summary>
public abstract record ReservationOutcome
{
    private ReservationOutcome()
    {
    }

    public sealed record Created(Reservation Reservation) : ReservationOutcome;

    /// <summary>The same reservation_id was seen before: the existing reservation, unchanged.</summary>
    public sealed record Existing(Reservation Reservation) : ReservationOutcome;

    public sealed record NotFound : ReservationOutcome;

    public sealed record UnknownProducts(IReadOnlyList<Guid> ProductIds) : ReservationOutcome;

    public sealed record InsufficientStock(IReadOnlyList<UnavailableItem> Items) : ReservationOutcome;

    /// <summary>The reservation is not in a state that allows the change (or its id was used for other items).</summary>
    public sealed record Conflict(string Detail, ReservationStatus? Status) : ReservationOutcome;
}
