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
        var api = app.MapGroup("/products").WithTags("Products").RequireAuthorization(Scopes.CatalogWrite);
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
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductResponse>>, ProblemHttpResult>> ListProducts(
        [AsParameters] ProductQuery query, CatalogContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var filter = query.Validate(errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors, "The query string is not valid.");
        }

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
        ProductRequest request, CatalogContext db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors, "The product is not valid.");
        }

        var now = clock.UtcNowForStorage();
        var product = new Product { Sku = request.Sku, Name = request.Name, Currency = request.Currency, CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(product);
        db.Products.Add(product);
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
            Guid id, ProductRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
            CatalogContext db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors, "The product is not valid.");
        }

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

            request.ApplyTo(product);
            product.UpdatedAt = clock.UtcNowForStorage();
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
        Guid id, CatalogContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        // The product's row stays locked until its picture is deleted, in a statement of its own that sees a picture an
        // upload stored while the delete waited for it (an upload that comes later finds the product deleted).
        var deleted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var products = await db.Products.Where(p => p.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.DeletedAt, now).SetProperty(p => p.UpdatedAt, now), ct);
            await db.ProductImages.Where(i => i.ProductId == id).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return products;
        }, cancellationToken);
        return deleted == 0 ? ProductNotFound(id) : TypedResults.NoContent();
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
