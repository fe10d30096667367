using Microsoft.EntityFrameworkCore;
using Products.Api.Model;

namespace Products.Api.Infrastructure;

/// <summary>A product with the version of its picture (null without one), read without the picture's bytes.</summary>
public sealed record ProductWithImage(Product Product, string? ImageVersion);

/// <summary>
/// The catalog's hottest reads, compiled once: EF Core then skips translating the LINQ expression and looking it up
/// in its query cache on every request.
/// </summary>
public static class CatalogQueries
{
    /// <summary>A product of the catalog (not removed), untracked.</summary>
    public static readonly Func<CatalogContext, Guid, CancellationToken, Task<ProductWithImage?>> ProductById =
        EF.CompileAsyncQuery((CatalogContext db, Guid id, CancellationToken _) =>
            db.Products.AsNoTracking().Where(p => p.Id == id)
                .Select(p => new ProductWithImage(p, db.ProductImages.Where(i => i.ProductId == p.Id).Select(i => i.Version).FirstOrDefault()))
                .SingleOrDefault());

    /// <summary>Each product with its picture's version, a lookup by primary key per product; no picture's bytes are read.</summary>
    public static IQueryable<ProductWithImage> WithImageVersion(this IQueryable<Product> products, CatalogContext db) =>
        products.Select(p => new ProductWithImage(p, db.ProductImages.Where(i => i.ProductId == p.Id).Select(i => i.Version).FirstOrDefault()));
}
