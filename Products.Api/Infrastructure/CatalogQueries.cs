using Microsoft.EntityFrameworkCore;
using Products.Api.Model;

namespace Products.Api.Infrastructure;

/// <summary>
/// The catalog's hottest reads, compiled once: EF Core then skips translating the LINQ expression and looking it up
/// in its query cache on every request.
/// </summary>
public static class CatalogQueries
{
    /// <summary>A product of the catalog (not removed), untracked.</summary>
    public static readonly Func<CatalogContext, Guid, CancellationToken, Task<Product?>> ProductById =
        EF.CompileAsyncQuery((CatalogContext db, Guid id, CancellationToken _) =>
            db.Products.AsNoTracking().SingleOrDefault(p => p.Id == id));
}
