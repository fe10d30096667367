using Ecommerce.ServiceDefaults.Http;
using Products.Api.Model;

namespace Products.Api.Contracts;

public sealed record ReservationRequest(Guid ReservationId, IReadOnlyList<ReservationLineRequest?> Items, int TtlSeconds = 300) : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The reservation is not valid.";

    public const int MaxLines = 100;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (ReservationId == Guid.Empty)
        {
            errors.Add("reservation_id", "Must not be the empty UUID.");
        }

        errors.List("items", Items, MaxLines, (field, line) => errors.Range($"{field}.quantity", line.Quantity, 1, 1_000_000));

        errors.Range("ttl_seconds", TtlSeconds, 1, 86_400);
        return errors;
    }

    /// <summary>
    /// Lines of the same product merged, in product order: the order rows are locked in. Only for a request that
    /// <see cref="Validate"/> found no null line in.
    /// </summary>
    public IReadOnlyList<ReservationLineRequest> MergedItems() => Items
        .Select(item => item ?? throw new InvalidOperationException("The request was not validated."))
        .GroupBy(item => item.ProductId)
        .Select(group => new ReservationLineRequest(group.Key, group.Sum(item => item.Quantity)))
        .OrderBy(item => item.ProductId)
        .ToList();
}

public sealed record ReservationLineRequest(Guid ProductId, int Quantity);

/// <summary>Held reservations to commit together, for a caller that confirms many orders at once.</summary>
public sealed record CommitsRequest(IReadOnlyList<Guid> ReservationIds) : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The commit request is not valid.";

    public const int MaxReservations = 500;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.Count("reservation_ids", ReservationIds.Count, MaxReservations);
        return errors;
    }
}

/// <summary>
/// The requested reservations that are committed now, whether by this request or before it. Any other one — unknown,
/// released, expired — is for the one-reservation commit, which says why it cannot be committed.
/// </summary>
public sealed record CommitsResponse(IReadOnlyList<Guid> Committed);

public sealed record ReservationResponse(
    Guid ReservationId,
    ReservationStatus Status,
    DateTime ExpiresAt,
    IReadOnlyList<ReservationItemResponse> Items,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static ReservationResponse From(Reservation reservation) => new(
        reservation.Id,
        reservation.Status,
        reservation.ExpiresAt,
        reservation.Items
            .OrderBy(item => item.ProductId)
            .Select(item => new ReservationItemResponse(item.ProductId, item.Sku, item.Name, item.Quantity, item.UnitPrice, item.Currency))
            .ToList(),
        reservation.CreatedAt,
        reservation.UpdatedAt);
}

public sealed record ReservationItemResponse(Guid ProductId, string Sku, string Name, int Quantity, decimal UnitPrice, string Currency);

/// <summary>One line that could not be reserved: what was asked for and what is available.</summary>
public sealed record UnavailableItem(Guid ProductId, int Requested, int Available);
