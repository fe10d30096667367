using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Products.Api.Contracts;
using Products.Api.Model;

namespace Products.Api.Infrastructure;

/// <summary>
/// Moves units between available, reserved and committed. Reserving and committing are single statements; the
/// other changes run in a transaction that locks the reservation first and then its products in id order. Either
/// way concurrent callers queue on a product's row (a deadlock between multi-line reservations is retried by the
/// execution strategy), stock never goes below zero and no unit is counted twice.
/// </summary>
public sealed class InventoryLedger(CatalogContext db, TimeProvider clock, InventoryMetrics metrics)
{
    /// <summary>
    /// Reserves every line or none, in one statement that PostgreSQL commits on its own: it locks the products in id
    /// order, moves the units only if every line is covered, and writes the reservation. A popular product's row is
    /// therefore locked for one statement, not for a read-check-write conversation nor for the round trip of a COMMIT.
    /// The reservation's primary key refuses a second reservation with the same id, the race of two first requests too.
    /// </summary>
    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var lines = request.MergedItems();
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(ct => ReserveOnceAsync(request, lines, ct), cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another request with this reservation_id won the race (or a retry finds its own first try): answer with what is stored.
            var existing = await db.Reservations.AsNoTracking().SingleAsync(r => r.Id == request.ReservationId, cancellationToken);
            return Replay(existing, lines);
        }
    }

    /// <summary>
    /// Commits a held reservation in the one statement that commits many (<see cref="CommitManyAsync"/>); any other
    /// case — unknown, released, expired — is answered by the locked path below.
    /// </summary>
    public async Task<ReservationOutcome> CommitAsync(Guid reservationId, CancellationToken cancellationToken)
    {
        if ((await CommitManyAsync([reservationId], cancellationToken)).Count == 1)
        {
            return new ReservationOutcome.Existing(await db.Reservations.AsNoTracking().SingleAsync(r => r.Id == reservationId, cancellationToken));
        }

        return await SettleCommitAsync(reservationId, cancellationToken);
    }

    /// <summary>
    /// Commits every held, unexpired reservation of <paramref name="reservationIds"/> in one statement: their rows
    /// first, then their products' in id order (the order every path locks them in), each product once with the
    /// units of all its reservations. Returns those committed now or before; the others are left to
    /// <see cref="CommitAsync"/>, which settles or explains each one.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CommitManyAsync(IReadOnlyList<Guid> reservationIds, CancellationToken cancellationToken)
    {
        var ids = reservationIds.Distinct().Order().ToArray();
        var now = Now;
        var committed = await db.Database.CreateExecutionStrategy().ExecuteAsync(ct => db.Database.SqlQuery<CommittedReservation>($"""
            WITH due AS (
                SELECT id FROM reservations
                WHERE id = ANY({ids}) AND status = {nameof(ReservationStatus.Reserved)} AND expires_at > {now}
                ORDER BY id FOR UPDATE),
            held AS (
                UPDATE reservations r SET status = {nameof(ReservationStatus.Committed)}, updated_at = {now}
                FROM due WHERE r.id = due.id
                RETURNING r.id),
            units AS (
                SELECT product_id, sum(quantity)::int AS quantity FROM reservation_items
                WHERE reservation_id IN (SELECT id FROM held) GROUP BY product_id),
            locked AS (
                SELECT p.id FROM products p JOIN units u ON p.id = u.product_id ORDER BY p.id FOR UPDATE OF p),
            moved AS (
                UPDATE products p SET reserved = p.reserved - u.quantity, committed = p.committed + u.quantity, updated_at = {now}
                FROM units u
                -- Counting the locked rows makes PostgreSQL lock all of them, in id order, before it changes the first.
                WHERE p.id = u.product_id AND (SELECT count(*) FROM locked) = (SELECT count(*) FROM units)
                RETURNING p.id)
            SELECT id, true AS just_now FROM held
            UNION ALL
            SELECT id, false FROM reservations WHERE id = ANY({ids}) AND status = {nameof(ReservationStatus.Committed)}
            """).ToListAsync(ct), cancellationToken);
        metrics.Reservation("committed", committed.Count(reservation => reservation.JustNow));
        return committed.Select(reservation => reservation.Id).ToList();
    }

    private sealed record CommittedReservation(Guid Id, bool JustNow);

    private Task<ReservationOutcome> SettleCommitAsync(Guid reservationId, CancellationToken cancellationToken) =>
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
        // A repeated reservation_id is not looked for first: the first try of a request pays no read for the retries.
        // Its insert fails on the primary key (answered in ReserveAsync), or its lines no longer fit (answered below).
        var ids = lines.Select(l => l.ProductId).ToArray();
        var now = Now;
        var reservation = new Reservation
        {
            Id = request.ReservationId,
            Status = ReservationStatus.Reserved,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddSeconds(request.TtlSeconds),
        };
        var quantities = lines.Select(l => l.Quantity).ToArray();
        var reserved = await db.Database.SqlQuery<ReservedLine>($"""
            WITH wanted AS (
                SELECT * FROM unnest({ids}::uuid[], {quantities}::int[]) AS w(product_id, quantity)),
            locked AS (
                SELECT p.id, p.stock, w.quantity FROM products p JOIN wanted w ON p.id = w.product_id
                WHERE p.deleted_at IS NULL ORDER BY p.id FOR UPDATE OF p),
            covered AS (
                SELECT count(*) = {ids.Length} AND coalesce(bool_and(stock >= quantity), false) AS every_line FROM locked),
            moved AS (
                UPDATE products p SET stock = p.stock - w.quantity, reserved = p.reserved + w.quantity, updated_at = {now}
                FROM wanted w WHERE p.id = w.product_id AND (SELECT every_line FROM covered) AND p.stock >= w.quantity
                RETURNING p.id, p.sku, p.name, p.price, p.currency, p.stock, w.quantity),
            held AS (
                INSERT INTO reservations (id, status, expires_at, created_at, updated_at)
                SELECT {reservation.Id}, {nameof(ReservationStatus.Reserved)}, {reservation.ExpiresAt}, {now}, {now}
                WHERE (SELECT count(*) FROM moved) = {ids.Length}
                RETURNING id),
            items AS (
                INSERT INTO reservation_items (reservation_id, product_id, sku, name, quantity, unit_price, currency)
                SELECT held.id, m.id, m.sku, m.name, m.quantity, m.price, m.currency FROM moved m CROSS JOIN held)
            SELECT id AS product_id, sku, name, price, currency, stock, quantity FROM moved
            """).ToListAsync(cancellationToken);
        if (reserved.Count < lines.Count)
        {
            var existing = await db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.ReservationId, cancellationToken);
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
    /// Why a reservation that moved no lines was refused, read without locking after its statement:
    /// a product that is not (or no longer) in the catalog, or else the lines that stock cannot cover.
    /// </summary>
    private async Task<ReservationOutcome> RefusalAsync(IReadOnlyList<ReservationLineRequest> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.ProductId).ToArray();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Stock, cancellationToken);
        var unknown = ids.Where(id => !products.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            metrics.Reservation("unknown_product");
            return new ReservationOutcome.UnknownProducts(unknown);
        }

        metrics.Reservation("insufficient_stock");
        return new ReservationOutcome.InsufficientStock(lines.Where(l => products[l.ProductId] < l.Quantity)
            .Select(l => new UnavailableItem(l.ProductId, l.Quantity, products[l.ProductId]))
            .ToList());
    }

    /// <summary>A product line as the reserving statement returns it: the price snapshot and the stock left.</summary>
    private sealed record ReservedLine(Guid ProductId, string Sku, string Name, decimal Price, string Currency, int Stock, int Quantity);

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
