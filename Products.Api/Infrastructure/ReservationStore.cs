using Microsoft.EntityFrameworkCore;
using Npgsql;
using Products.Api.Contracts;
using Products.Api.Model;

namespace Products.Api.Infrastructure;

/// <summary>A product line as the reserving statement returns it: the price snapshot and the stock left.</summary>
public sealed record ReservedLine(Guid ProductId, string Sku, string Name, decimal Price, string Currency, int Stock, int Quantity);

/// <summary>A reservation the committing statement found committed: by that statement, or before it.</summary>
public sealed record CommittedReservation(Guid Id, bool JustNow);

/// <summary>
/// Reservations and the stock counters they move, in PostgreSQL. Reserving and committing are single statements; the
/// other changes run in a transaction that locks the reservation first and then its products in id order. Either
/// way concurrent callers queue on a product's row (a deadlock between multi-line reservations is retried by the
/// execution strategy), stock never goes below zero and no unit is counted twice.
/// </summary>
public sealed class ReservationStore(CatalogContext db)
{
    /// <summary>
    /// Reserves every line or none, in one statement that PostgreSQL commits on its own: it locks the products in id
    /// order, moves the units only if every line is covered, and writes the reservation. A popular product's row is
    /// therefore locked for one statement, not for a read-check-write conversation nor for the round trip of a COMMIT.
    /// Returns the lines moved (all or none), or null when the reservation's id is taken: its primary key refuses a
    /// second reservation with the same id, the race of two first requests too.
    /// </summary>
    public async Task<IReadOnlyList<ReservedLine>?> TryReserveAsync(
        Reservation reservation, IReadOnlyList<ReservationLineRequest> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.ProductId).ToArray();
        var quantities = lines.Select(l => l.Quantity).ToArray();
        var now = reservation.CreatedAt;
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(ct => db.Database.SqlQuery<ReservedLine>($"""
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
                """).ToListAsync(ct), cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
    }

    /// <summary>
    /// Commits every held reservation of <paramref name="ids"/> unexpired at <paramref name="now"/>, in one statement:
    /// their rows first, then their products' in id order (the order every path locks them in), each product once with
    /// the units of all its reservations. Returns those committed now or before.
    /// </summary>
    public Task<List<CommittedReservation>> CommitManyAsync(Guid[] ids, DateTime now, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(ct => db.Database.SqlQuery<CommittedReservation>($"""
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

    public Task<Reservation?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>Ids of held reservations whose time is up at <paramref name="now"/>, oldest first.</summary>
    public Task<List<Guid>> FindDueAsync(DateTime now, int batchSize, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Reserved && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => r.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);

    /// <summary>The available stock of those of <paramref name="ids"/> that are in the catalog, read without locking.</summary>
    public Task<Dictionary<Guid, int>> StockOfAsync(Guid[] ids, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Stock, cancellationToken);

    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.InTransactionAsync(work, cancellationToken);

    /// <summary>
    /// Locks a reservation for the transaction; with <paramref name="skipLocked"/>, one that another transaction holds
    /// is not waited for but read as missing.
    /// </summary>
    public Task<Reservation?> LockAsync(Guid id, bool skipLocked, CancellationToken cancellationToken)
    {
        var query = skipLocked
            ? db.Reservations.FromSql($"SELECT * FROM reservations WHERE id = {id} FOR UPDATE SKIP LOCKED")
            : db.Reservations.FromSql($"SELECT * FROM reservations WHERE id = {id} FOR UPDATE");
        return query.SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Locks the products (deleted ones too: their reservations still settle) in id order.</summary>
    public async Task<Dictionary<Guid, Product>> LockProductsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var ordered = ids.Distinct().Order().ToArray();
        var products = await db.Products
            .FromSql($"SELECT *, xmin FROM products WHERE id = ANY({ordered}) ORDER BY id FOR UPDATE")
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);
        return products.ToDictionary(p => p.Id);
    }

    public Task SaveChangesAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}
