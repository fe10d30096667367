using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;

namespace Products.Api.Infrastructure;

public static class CatalogTransactions
{
    /// <summary>Runs <paramref name="work"/> in a transaction, again from the start if the connection fails transiently.</summary>
    public static Task<T> InTransactionAsync<T>(this CatalogContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            return await db.WithTransactionAsync(async (transaction, inTransaction) =>
            {
                var result = await work(inTransaction);
                await transaction.CommitAsync(inTransaction);
                return result;
            }, ct);
        }, cancellationToken);

    /// <summary>
    /// Adds <paramref name="adjustment"/> to a catalog product's stock in one UPDATE, unless the stock would leave
    /// 0..int.MaxValue. Returns the stock it left, or null when it changed nothing.
    /// </summary>
    public static async Task<int?> AddToStockAsync(this CatalogContext db, Guid id, int adjustment, DateTime now, CancellationToken cancellationToken)
    {
        var stocks = await db.Database.SqlQuery<int>($"""
            UPDATE products SET stock = stock + {adjustment}, updated_at = {now}
            WHERE id = {id} AND deleted_at IS NULL AND stock::bigint + {adjustment} BETWEEN 0 AND {int.MaxValue}
            RETURNING stock AS "Value"
            """).ToListAsync(cancellationToken);
        return stocks.Count == 0 ? null : stocks[0];
    }
}
