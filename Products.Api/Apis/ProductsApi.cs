using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Products.Api.Contracts;
using Products.Api.Infrastructure;
using Products.Api.Infrastructure.EntityConfigurations;
using Products.Api.Model;

namespace Products.Api.Apis;

public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        // The catalog is read by anyone; it is changed with catalog.write only (the back office, admins). An id is a UUID
        // to the router, so that /products/categories is no product's path: any other method there is a 405, and a
        // malformed id is routing's 404.
        var api = app.MapGroup("/products").WithTags("Products").RequireAuthorization(Scopes.CatalogWrite).WithRequestValidation();
        api.MapGet("", ListProducts).WithSummary("List products, filtered and keyset-paginated")
            .ProducesValidationProblem().AllowAnonymous();
        api.MapGet("categories", ListCategories).WithSummary("List the categories that have products, by name, with how many each has")
            .AllowAnonymous();
        api.MapGet("{id:guid}", GetProduct).WithSummary("Get a product")
            .ProducesProblem(StatusCodes.Status404NotFound).AllowAnonymous();
        api.MapPost("", CreateProduct).WithSummary("Create a product")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("{id:guid}", UpdateProduct).WithSummary("Replace a product's editable fields")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("{id:guid}", DeleteProduct).WithSummary("Remove a product from the catalog")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("{id:guid}/stock", AdjustStock).WithSummary("Add units to a product's stock, or remove them (a negative adjustment)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("{id:guid}/changes", ListChanges).WithSummary("List the changes admins made to a product, newest first, keyset-paginated")
            .WithDescription("Also for a deleted product. Reservations and sales change the stock without an entry.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductResponse>>, ProblemHttpResult>> ListProducts(
        [AsParameters] ProductQuery query, CatalogContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var filter = query.Validated();

        var products = db.Products.AsNoTracking();
        if (filter.Category is not null)
        {
            products = products.Where(p => p.Category == filter.Category);
        }

        if (!string.IsNullOrEmpty(filter.Q))
        {
            var pattern = $"%{EscapeLike(filter.Q)}%";
            products = products.Where(p =>
                EF.Functions.ILike(p.Name, pattern, "\\") ||
                EF.Functions.ILike(p.Sku, pattern, "\\") ||
                (p.Description != null && EF.Functions.ILike(p.Description, pattern, "\\")));
        }

        if (filter.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }

        if (filter.MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }

        if (filter.MaxStock is { } maxStock)
        {
            products = products.Where(p => p.Stock <= maxStock);
        }

        if (filter.Page.After is { } after)
        {
            products = products.Where(p => p.Id > after);
        }

        var rows = await products.OrderBy(p => p.Id).Take(filter.Page.Limit + 1).WithImageVersion(db).ToListAsync(cancellationToken);
        var page = filter.Page.TakePage(rows, p => p.Product.Id, context);
        return TypedResults.Ok<IReadOnlyList<ProductResponse>>(page.Select(ProductResponse.From).ToList());
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetProduct(
        Guid id, CatalogContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var product = await CatalogQueries.ProductById(db, id, cancellationToken);
        if (product is null)
        {
            return ProductNotFound(id);
        }

        context.Response.Headers.ETag = ETag(product.Product);
        return TypedResults.Ok(ProductResponse.From(product));
    }

    public static async Task<Ok<IReadOnlyList<CategoryResponse>>> ListCategories(CatalogContext db, CancellationToken cancellationToken)
    {
        // Ordered by the bytes of the names, so that every server lists them alike, whatever its database's locale.
        var categories = await db.Products.AsNoTracking().Where(p => p.Category != null && p.Category != "")
            .GroupBy(p => p.Category!)
            .Select(group => new { Name = group.Key, Products = group.Count() })
            .OrderBy(category => EF.Functions.Collate(category.Name, "C"))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CategoryResponse>>(categories.Select(c => new CategoryResponse(c.Name, c.Products)).ToList());
    }

    public static async Task<Results<Created<ProductResponse>, ProblemHttpResult>> CreateProduct(
        ProductRequest request, ClaimsPrincipal caller, CatalogContext db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        var product = new Product { Sku = request.Sku, Name = request.Name, Currency = request.Currency, CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(product);
        db.Products.Add(product);
        db.ProductChanges.Add(ProductChange.Created(product, caller.AsActor(), now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(ProductEntityTypeConfiguration.UniqueSkuIndex))
        {
            return DuplicateSku(request.Sku);
        }

        context.Response.Headers.ETag = ETag(product);
        return TypedResults.Created($"/products/{product.Id}", ProductResponse.From(product, imageVersion: null));
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>>
        UpdateProduct(
            Guid id, ProductRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal caller,
            CatalogContext db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        // Reservations change a product's row (and so its version) at any time. Without If-Match the
        // caller asked for last-writer-wins, so a lost race is retried on the fresh row.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var row = await db.Products.Where(p => p.Id == id).WithImageVersion(db).SingleOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                return ProductNotFound(id);
            }

            var product = row.Product;

            if (ifMatch is not null && !Matches(ifMatch, product))
            {
                return PreconditionFailed();
            }

            // The row version makes the "from" of each field the value this change replaced: a concurrent change loses
            // the save and is read again. A replacement that changes no value is not logged.
            var before = ProductChange.FieldsOf(product);
            request.ApplyTo(product);
            product.UpdatedAt = clock.UtcNowForStorage();
            var change = ProductChange.Edited(id, before, ProductChange.FieldsOf(product), caller.AsActor(), product.UpdatedAt);
            if (change.Fields.Count > 0)
            {
                db.ProductChanges.Add(change);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                context.Response.Headers.ETag = ETag(product);
                return TypedResults.Ok(ProductResponse.From(product, row.ImageVersion));
            }
            catch (DbUpdateConcurrencyException) when (ifMatch is null && attempt < 5)
            {
            }
            catch (DbUpdateConcurrencyException) when (ifMatch is not null)
            {
                return PreconditionFailed();
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation(ProductEntityTypeConfiguration.UniqueSkuIndex))
            {
                return DuplicateSku(request.Sku);
            }
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProduct(
        Guid id, ClaimsPrincipal caller, CatalogContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        var actor = caller.AsActor();
        // The product's row stays locked until its picture is deleted, in a statement of its own that sees a picture an
        // upload stored while the delete waited for it (an upload that comes later finds the product deleted).
        var deleted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var products = await db.Products.Where(p => p.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.DeletedAt, now).SetProperty(p => p.UpdatedAt, now), ct);
            await db.ProductImages.Where(i => i.ProductId == id).ExecuteDeleteAsync(ct);
            if (products > 0)
            {
                db.ProductChanges.Add(ProductChange.Of(id, ProductChangeKind.Deleted, actor, now));
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return products;
        }, cancellationToken);
        return deleted == 0 ? ProductNotFound(id) : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> AdjustStock(
        Guid id, StockAdjustmentRequest request, ClaimsPrincipal caller, CatalogContext db, TimeProvider clock, HttpContext context,
        CancellationToken cancellationToken)
    {
        var adjustment = request.Adjustment;
        var now = clock.UtcNowForStorage();
        var actor = caller.AsActor();
        // One UPDATE adds to whatever the stock is when it runs, as a reservation takes from it: neither loses the other's
        // units, and the stock it returns is exactly this adjustment's result.
        var adjusted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var stocks = await db.Database.SqlQuery<int>($"""
                UPDATE products SET stock = stock + {adjustment}, updated_at = {now}
                WHERE id = {id} AND deleted_at IS NULL AND stock::bigint + {adjustment} BETWEEN 0 AND {int.MaxValue}
                RETURNING stock AS "Value"
                """).ToListAsync(ct);
            if (stocks.Count == 0)
            {
                return (int?)null;
            }

            var stock = stocks[0];
            db.ProductChanges.Add(ProductChange.Of(id, ProductChangeKind.StockAdjusted, actor, now,
                new() { ["stock"] = new FieldChange(ProductChange.Text(stock - adjustment), ProductChange.Text(stock)) }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return stock;
        }, cancellationToken);

        if (adjusted is null)
        {
            var stock = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => (int?)p.Stock).SingleOrDefaultAsync(cancellationToken);
            return stock switch
            {
                null => ProductNotFound(id),
                _ when stock + (long)adjustment < 0 => ApiProblems.Conflict(
                    $"Only {stock} units are in stock: {-adjustment} cannot be removed.", new Dictionary<string, object?> { ["stock"] = stock }),
                _ => ApiProblems.Conflict(
                    $"The stock of {stock} units cannot grow by {adjustment}: at most {int.MaxValue} units are kept.", new Dictionary<string, object?> { ["stock"] = stock }),
            };
        }

        var product = await CatalogQueries.ProductById(db, id, cancellationToken);
        if (product is null)
        {
            return ProductNotFound(id);
        }

        context.Response.Headers.ETag = ETag(product.Product);
        return TypedResults.Ok(ProductResponse.From(product));
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductChangeResponse>>, ProblemHttpResult>> ListChanges(
        Guid id, [AsParameters] ProductChangeQuery query, CatalogContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var page = query.Validated();

        // Newest first by the time of the change; the id only orders changes of the same microsecond.
        var changes = db.ProductChanges.AsNoTracking().Where(c => c.ProductId == id);
        if (page.After is { } after)
        {
            var at = await db.ProductChanges.AsNoTracking().Where(c => c.Id == after && c.ProductId == id)
                .Select(c => (DateTime?)c.At).SingleOrDefaultAsync(cancellationToken);
            if (at is null)
            {
                var errors = new ValidationErrors();
                errors.Add("after", "Is not a cursor this list handed out.");
                return ApiProblems.Validation(errors, "The query string is not valid.");
            }

            changes = changes.Where(c => c.At < at || (c.At == at && c.Id < after));
        }

        var rows = await changes.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        if (rows.Count == 0 && !await db.Products.IgnoreQueryFilters().AnyAsync(p => p.Id == id, cancellationToken))
        {
            return ProductNotFound(id);
        }

        return TypedResults.Ok<IReadOnlyList<ProductChangeResponse>>(page.TakePage(rows, c => c.Id, context).Select(ProductChangeResponse.From).ToList());
    }

    internal static string ETag(Product product) => $"\"{product.Version}\"";

    /// <summary>If-Match uses strong comparison (RFC 9110 §13.1.1): a weak tag never matches.</summary>
    private static bool Matches(string ifMatch, Product product) =>
        ifMatch.Split(',', StringSplitOptions.TrimEntries).Any(tag => tag == "*" || tag == ETag(product));

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    internal static ProblemHttpResult ProductNotFound(Guid id) => ApiProblems.NotFound($"No product has the id '{id}'.");

    private static ProblemHttpResult DuplicateSku(string sku) =>
        ApiProblems.Conflict($"Another product already has the sku '{sku}' (SKUs are compared without case).");

    private static ProblemHttpResult PreconditionFailed() =>
        ApiProblems.Status(StatusCodes.Status412PreconditionFailed, "The product changed since the ETag in If-Match was read.");
}
