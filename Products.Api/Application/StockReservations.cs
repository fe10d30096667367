using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using Products.Api.Contracts;
using Products.Api.Infrastructure;
using Products.Api.Model;

namespace Products.Api.Application;

/// <summary>
/// Reserves a checkout's units, all or nothing, and settles the reservation later: committed (sold), released (back to
/// stock) or, when its time is up, expired (back to stock as well).
/// </summary>
public sealed class StockReservations(ReservationStore store, TimeProvider clock, ProductsMetrics metrics)
{
    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var lines = request.MergedItems();
        var reservation = Reservation.Hold(request.ReservationId, Now, TimeSpan.FromSeconds(request.TtlSeconds));
        // A repeated reservation_id is not looked for first: the first try of a request pays no read for the retries.
        // Its insert fails on the primary key, or its lines no longer fit; either way the stored reservation answers.
        var reserved = await store.TryReserveAsync(reservation, lines, cancellationToken);
        if (reserved is null || reserved.Count < lines.Count)
        {
            var existing = await store.FindAsync(request.ReservationId, cancellationToken);
            return existing is not null ? Replay(existing, lines) : await RefusalAsync(lines, cancellationToken);
        }

        foreach (var line in reserved.OrderBy(l => l.ProductId))
        {
            if (line.Stock == 0)
            {
                metrics.StockOut();
            }

            reservation.Items.Add(new ReservationItem
            {
                ReservationId = reservation.Id,
                ProductId = line.ProductId,
                Sku = line.Sku,
                Name = line.Name,
                Quantity = line.Quantity,
                UnitPrice = line.Price,
                Currency = line.Currency,
            });
        }

        metrics.Reservation("reserved");
        return new ReservationOutcome.Created(reservation);
    }

    /// <summary>
    /// Commits a held reservation in the one statement that commits many (<see cref="CommitManyAsync"/>); any other
    /// case — unknown, released, expired — is answered under the reservation's lock.
    /// </summary>
    public async Task<ReservationOutcome> CommitAsync(Guid reservationId, CancellationToken cancellationToken)
    {
        if ((await CommitManyAsync([reservationId], cancellationToken)).Count == 1
            && await store.FindAsync(reservationId, cancellationToken) is { } committed)
        {
            return new ReservationOutcome.Existing(committed);
        }

        return await SettleAsync<ReservationOutcome>(reservationId, skipLocked: false, new ReservationOutcome.NotFound(), (reservation, now) => reservation.Status switch
        {
            ReservationStatus.Committed => (null, new ReservationOutcome.Existing(reservation)),
            ReservationStatus.Released or ReservationStatus.Expired => (null, new ReservationOutcome.Conflict(
                $"The reservation was {Describe(reservation.Status)} and cannot be committed.", reservation.Status)),
            _ when reservation.IsDueAt(now) => (ReservationStatus.Expired, new ReservationOutcome.Conflict(
                "The reservation expired before it was committed; its units are back in stock.", ReservationStatus.Expired)),
            _ => (ReservationStatus.Committed, new ReservationOutcome.Existing(reservation)),
        }, cancellationToken);
    }

    /// <summary>
    /// Commits every held, unexpired reservation of <paramref name="reservationIds"/> at once. Returns those committed
    /// now or before; the others are left to <see cref="CommitAsync"/>, which settles or explains each one.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CommitManyAsync(IReadOnlyList<Guid> reservationIds, CancellationToken cancellationToken)
    {
        var committed = await store.CommitManyAsync(reservationIds.Distinct().Order().ToArray(), Now, cancellationToken);
        metrics.Reservation("committed", committed.Count(reservation => reservation.JustNow));
        return committed.Select(reservation => reservation.Id).ToList();
    }

    /// <summary>Gives a held or committed reservation's units back; a settled one is answered as it is.</summary>
    public Task<ReservationOutcome> ReleaseAsync(Guid reservationId, CancellationToken cancellationToken) =>
        SettleAsync<ReservationOutcome>(reservationId, skipLocked: false, new ReservationOutcome.NotFound(), (reservation, _) =>
            (reservation.CanMoveTo(ReservationStatus.Released) ? ReservationStatus.Released : null, new ReservationOutcome.Existing(reservation)),
            cancellationToken);

    /// <summary>Returns the units of a reservation whose time is up. False when it was not (or no longer) due.</summary>
    public Task<bool> ExpireAsync(Guid reservationId, CancellationToken cancellationToken) =>
        // SKIP LOCKED: a reservation that a commit or another replica's sweeper holds is theirs to settle.
        SettleAsync(reservationId, skipLocked: true, false, (reservation, now) =>
            reservation.IsDueAt(now) ? (ReservationStatus.Expired, true) : (null, false), cancellationToken);

    /// <summary>Ids of held reservations whose time is up, oldest first.</summary>
    public Task<List<Guid>> FindDueAsync(int batchSize, CancellationToken cancellationToken) =>
        store.FindDueAsync(Now, batchSize, cancellationToken);

    private DateTime Now => clock.UtcNowForStorage();

    /// <summary>
    /// Every change to a stored reservation: in one transaction, lock it, let <paramref name="decide"/> pick the status it
    /// moves to (null for none) and the result, then lock its products in id order, move the units and save.
    /// </summary>
    private Task<T> SettleAsync<T>(
        Guid reservationId, bool skipLocked, T whenNotFound, Func<Reservation, DateTime, (ReservationStatus? MoveTo, T Result)> decide,
        CancellationToken cancellationToken) =>
        store.InTransactionAsync(async ct =>
        {
            var reservation = await store.LockAsync(reservationId, skipLocked, ct);
            if (reservation is null)
            {
                return whenNotFound;
            }

            var now = Now;
            var (moveTo, result) = decide(reservation, now);
            if (moveTo is { } next)
            {
                var products = await store.LockProductsAsync(reservation.Items.Select(i => i.ProductId), ct);
                reservation.MoveTo(next, products, now);
                await store.SaveChangesAsync(ct);
                metrics.Reservation(Describe(next));
            }

            return result;
        }, cancellationToken);

    /// <summary>
    /// Why a reservation that moved no lines was refused, read without locking after its statement:
    /// a product that is not (or no longer) in the catalog, or else the lines that stock cannot cover.
    /// </summary>
    private async Task<ReservationOutcome> RefusalAsync(IReadOnlyList<ReservationLineRequest> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.ProductId).ToArray();
        var stock = await store.StockOfAsync(ids, cancellationToken);
        var unknown = ids.Where(id => !stock.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            metrics.Reservation("unknown_product");
            return new ReservationOutcome.UnknownProducts(unknown);
        }

        metrics.Reservation("insufficient_stock");
        return new ReservationOutcome.InsufficientStock(lines.Where(l => stock[l.ProductId] < l.Quantity)
            .Select(l => new UnavailableItem(l.ProductId, l.Quantity, stock[l.ProductId]))
            .ToList());
    }

    private ReservationOutcome Replay(Reservation existing, IReadOnlyList<ReservationLineRequest> lines)
    {
        var sameItems = existing.Items.OrderBy(i => i.ProductId).Select(i => (i.ProductId, i.Quantity))
            .SequenceEqual(lines.Select(l => (l.ProductId, l.Quantity)));
        metrics.Reservation(sameItems ? "replayed" : "conflict");
        return sameItems
            ? new ReservationOutcome.Existing(existing)
            : new ReservationOutcome.Conflict("This reservation_id was already used for other items.", existing.Status);
    }

    private static string Describe(ReservationStatus status) => WireName.Of(status);
}
