using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Products.Api.Contracts;
using Products.Api.Model;

namespace Products.Api.Infrastructure;

/// <summary>
/// Moves units between available, reserved and committed. Every change runs in one transaction that locks
/// the reservation first and then its products in id order, so concurrent callers queue instead of
/// deadlocking, stock never goes below zero and no unit is counted twice.
/// </summary>
public sealed class InventoryLedger(CatalogContext db, TimeProvider clock, InventoryMetrics metrics)
{
    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var lines = request.MergedItems();
        try
        {
            return await InTransactionAsync(() => ReserveOnceAsync(request, lines, cancellationToken), cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another request with this reservation_id won the race: answer with what it stored.
            db.ChangeTracker.Clear();
            var existing = await db.Reservations.AsNoTracking().SingleAsync(r => r.Id == request.ReservationId, cancellationToken);
            return Replay(existing, lines);
        }
    }

    public Task<ReservationOutcome> CommitAsync(Guid reservationId, CancellationToken cancellationToken) =>
        InTransactionAsync<ReservationOutcome>(async () =>
        {
            var reservation = await LockReservationAsync(reservationId, skipLocked: false, cancellationToken);
            switch (reservation?.Status)
            {
                case null:
                    return new ReservationOutcome.NotFound();
                case ReservationStatus.Committed:
                    return new ReservationOutcome.Existing(reservation);
                case ReservationStatus.Released or ReservationStatus.Expired:
                    return new ReservationOutcome.Conflict($"The reservation was {Describe(reservation.Status)} and cannot be committed.", reservation.Status);
            }

            var products = await LockProductsAsync(reservation.Items.Select(i => i.ProductId), cancellationToken);
            if (reservation.ExpiresAt <= Now)
            {
                Move(reservation, products, ReservationStatus.Expired);
                await db.SaveChangesAsync(cancellationToken);
                metrics.Reservation("expired");
                return new ReservationOutcome.Conflict("The reservation expired before it was committed; its units are back in stock.", ReservationStatus.Expired);
            }

            Move(reservation, products, ReservationStatus.Committed);
            await db.SaveChangesAsync(cancellationToken);
            metrics.Reservation("committed");
            return new ReservationOutcome.Existing(reservation);
        }, cancellationToken);

    public Task<ReservationOutcome> ReleaseAsync(Guid reservationId, CancellationToken cancellationToken) =>
        InTransactionAsync<ReservationOutcome>(async () =>
        {
            var reservation = await LockReservationAsync(reservationId, skipLocked: false, cancellationToken);
            if (reservation is null)
            {
                return new ReservationOutcome.NotFound();
            }

            if (reservation.Status is ReservationStatus.Reserved or ReservationStatus.Committed)
            {
                var products = await LockProductsAsync(reservation.Items.Select(i => i.ProductId), cancellationToken);
                Move(reservation, products, ReservationStatus.Released);
                await db.SaveChangesAsync(cancellationToken);
                metrics.Reservation("released");
            }

            return new ReservationOutcome.Existing(reservation);
        }, cancellationToken);

    /// <summary>Returns the units of a reservation whose time is up. False when it was not (or no longer) due.</summary>
    public Task<bool> ExpireAsync(Guid reservationId, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            // SKIP LOCKED: a reservation that a commit or another replica's sweeper holds is theirs to settle.
            var reservation = await LockReservationAsync(reservationId, skipLocked: true, cancellationToken);
            if (reservation is not { Status: ReservationStatus.Reserved } || reservation.ExpiresAt > Now)
            {
                return false;
            }

            var products = await LockProductsAsync(reservation.Items.Select(i => i.ProductId), cancellationToken);
            Move(reservation, products, ReservationStatus.Expired);
            await db.SaveChangesAsync(cancellationToken);
            metrics.Reservation("expired");
            return true;
        }, cancellationToken);

    /// <summary>Ids of held reservations whose time is up, oldest first.</summary>
    public Task<List<Guid>> FindDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Reserved && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => r.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
    }

    private DateTime Now => clock.UtcNowForStorage();

    private async Task<ReservationOutcome> ReserveOnceAsync(
        ReservationRequest request, IReadOnlyList<ReservationLineRequest> lines, CancellationToken cancellationToken)
    {
        var existing = await db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.ReservationId, cancellationToken);
        if (existing is not null)
        {
            return Replay(existing, lines);
        }

        var products = await LockProductsAsync(lines.Select(l => l.ProductId), cancellationToken);
        var unknown = lines.Where(l => !products.TryGetValue(l.ProductId, out var p) || p.DeletedAt is not null).Select(l => l.ProductId).ToList();
        if (unknown.Count > 0)
        {
            metrics.Reservation("unknown_product");
            return new ReservationOutcome.UnknownProducts(unknown);
        }

        var unavailable = lines.Where(l => products[l.ProductId].Stock < l.Quantity)
            .Select(l => new UnavailableItem(l.ProductId, l.Quantity, products[l.ProductId].Stock))
            .ToList();
        if (unavailable.Count > 0)
        {
            metrics.Reservation("insufficient_stock");
            return new ReservationOutcome.InsufficientStock(unavailable);
        }

        var now = Now;
        var reservation = new Reservation
        {
            Id = request.ReservationId,
            Status = ReservationStatus.Reserved,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddSeconds(request.TtlSeconds),
        };
        foreach (var line in lines)
        {
            var product = products[line.ProductId];
            product.Stock -= line.Quantity;
            product.Reserved += line.Quantity;
            product.UpdatedAt = now;
            if (product.Stock == 0)
            {
                metrics.StockOut();
            }

            reservation.Items.Add(new ReservationItem
            {
                ReservationId = reservation.Id,
                ProductId = product.Id,
                Sku = product.Sku,
                Name = product.Name,
                Quantity = line.Quantity,
                UnitPrice = product.Price,
                Currency = product.Currency,
            });
        }

        db.Reservations.Add(reservation);
        await db.SaveChangesAsync(cancellationToken);
        metrics.Reservation("reserved");
        return new ReservationOutcome.Created(reservation);
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

    /// <summary>Moves a reservation's units to where <paramref name="target"/> keeps them.</summary>
    private void Move(Reservation reservation, Dictionary<Guid, Product> products, ReservationStatus target)
    {
        var now = Now;
        foreach (var item in reservation.Items)
        {
            var product = products[item.ProductId];
            var units = item.Quantity;
            switch (reservation.Status, target)
            {
                case (ReservationStatus.Reserved, ReservationStatus.Committed):
                    product.Reserved -= units;
                    product.Committed += units;
                    break;
                case (ReservationStatus.Reserved, ReservationStatus.Released or ReservationStatus.Expired):
                    product.Reserved -= units;
                    product.Stock += units;
                    break;
                case (ReservationStatus.Committed, ReservationStatus.Released):
                    product.Committed -= units;
                    product.Stock += units;
                    break;
                default:
                    throw new InvalidOperationException($"A reservation cannot go from {reservation.Status} to {target}.");
            }

            product.UpdatedAt = now;
        }

        reservation.Status = target;
        reservation.UpdatedAt = now;
    }

    private Task<Reservation?> LockReservationAsync(Guid id, bool skipLocked, CancellationToken cancellationToken)
    {
        var query = skipLocked
            ? db.Reservations.FromSql($"SELECT * FROM reservations WHERE id = {id} FOR UPDATE SKIP LOCKED")
            : db.Reservations.FromSql($"SELECT * FROM reservations WHERE id = {id} FOR UPDATE");
        return query.SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Locks the products (deleted ones too: their reservations still settle) in id order.</summary>
    private async Task<Dictionary<Guid, Product>> LockProductsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var ordered = ids.Distinct().Order().ToArray();
        var products = await db.Products
            .FromSql($"SELECT *, xmin FROM products WHERE id = ANY({ordered}) ORDER BY id FOR UPDATE")
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);
        return products.ToDictionary(p => p.Id);
    }

    private static string Describe(ReservationStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Runs <paramref name="work"/> in a transaction, again from the start if the connection fails transiently.</summary>
    private Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work();
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
}
