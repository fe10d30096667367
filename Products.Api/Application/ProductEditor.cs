using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Products.Api.Contracts;
using Products.Api.Infrastructure;
using Products.Api.Infrastructure.EntityConfigurations;
using Products.Api.Model;

namespace Products.Api.Application;

/// <summary>An admin's changes to the catalog, each written to the product's change log in the same transaction.</summary>
public sealed class ProductEditor(CatalogContext db, TimeProvider clock)
{
    private const int LastWriterWinsAttempts = 5;

    public async Task<ProductEditOutcome> CreateAsync(ProductRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        var product = new Product { Sku = request.Sku, Name = request.Name, Currency = request.Currency, CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(product);
        db.Products.Add(product);
        db.ProductChanges.Add(ProductChange.Created(product, actor, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(ProductEntityTypeConfiguration.UniqueSkuIndex))
        {
            return new ProductEditOutcome.DuplicateSku(request.Sku);
        }

        return new ProductEditOutcome.Saved(new ProductWithImage(product, ImageVersion: null));
    }

    /// <summary>
    /// Replaces the product's editable fields. With <paramref name="isExpectedVersion"/>, only a product it accepts is
    /// changed; without it the caller asked for last-writer-wins.
    /// </summary>
    public async Task<ProductEditOutcome> UpdateAsync(
        Guid id, ProductRequest request, Func<Product, bool>? isExpectedVersion, Actor actor, CancellationToken cancellationToken)
    {
        // Reservations change a product's row (and so its version) at any time. Without an expected version the
        // caller asked for last-writer-wins, so a lost race is retried on the fresh row.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var row = await db.Products.Where(p => p.Id == id).WithImageVersion(db).SingleOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                return new ProductEditOutcome.NotFound();
            }

            var product = row.Product;
            if (isExpectedVersion is not null && !isExpectedVersion(product))
            {
                return new ProductEditOutcome.VersionChanged();
            }

            // The row version makes the "from" of each field the value this change replaced: a concurrent change loses
            // the save and is read again. A replacement that changes no value is not logged.
            var before = ProductChange.FieldsOf(product);
            request.ApplyTo(product);
            product.UpdatedAt = clock.UtcNowForStorage();
            var change = ProductChange.Edited(id, before, ProductChange.FieldsOf(product), actor, product.UpdatedAt);
            if (change.Fields.Count > 0)
            {
                db.ProductChanges.Add(change);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new ProductEditOutcome.Saved(row);
            }
            catch (DbUpdateConcurrencyException) when (isExpectedVersion is null && attempt < LastWriterWinsAttempts)
            {
            }
            catch (DbUpdateConcurrencyException) when (isExpectedVersion is not null)
            {
                return new ProductEditOutcome.VersionChanged();
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation(ProductEntityTypeConfiguration.UniqueSkuIndex))
            {
                return new ProductEditOutcome.DuplicateSku(request.Sku);
            }
        }
    }

    /// <summary>Removes the product from the catalog. False when it was not in it.</summary>
    public async Task<bool> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        // The product's row stays locked until its picture is deleted, in a statement of its own that sees a picture an
        // upload stored while the delete waited for it (an upload that comes later finds the product deleted).
        return await db.InTransactionAsync(async ct =>
        {
            var products = await db.Products.Where(p => p.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.DeletedAt, now).SetProperty(p => p.UpdatedAt, now), ct);
            await db.ProductImages.Where(i => i.ProductId == id).ExecuteDeleteAsync(ct);
            if (products > 0)
            {
                db.ProductChanges.Add(ProductChange.Of(id, ProductChangeKind.Deleted, actor, now));
                await db.SaveChangesAsync(ct);
            }

            return products > 0;
        }, cancellationToken);
    }

    /// <summary>Adds <paramref name="adjustment"/> units to the product's stock, or removes them when it is negative.</summary>
    public async Task<ProductEditOutcome> AdjustStockAsync(Guid id, int adjustment, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        // One UPDATE adds to whatever the stock is when it runs, as a reservation takes from it: neither loses the other's
        // units, and the stock it returns is exactly this adjustment's result.
        var adjusted = await db.InTransactionAsync(async ct =>
        {
            if (await db.AddToStockAsync(id, adjustment, now, ct) is not { } stock)
            {
                return (int?)null;
            }

            db.ProductChanges.Add(ProductChange.Of(id, ProductChangeKind.StockAdjusted, actor, now,
                new() { ["stock"] = new FieldChange(ProductChange.Text(stock - adjustment), ProductChange.Text(stock)) }));
            await db.SaveChangesAsync(ct);
            return stock;
        }, cancellationToken);

        if (adjusted is null)
        {
            var stock = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => (int?)p.Stock).SingleOrDefaultAsync(cancellationToken);
            return stock switch
            {
                null => new ProductEditOutcome.NotFound(),
                { } left when left + (long)adjustment < 0 => new ProductEditOutcome.NotEnoughStock(left),
                { } left => new ProductEditOutcome.StockFull(left),
            };
        }

        var product = await CatalogQueries.ProductById(db, id, cancellationToken);
        return product is null ? new ProductEditOutcome.NotFound() : new ProductEditOutcome.Saved(product);
    }
}
