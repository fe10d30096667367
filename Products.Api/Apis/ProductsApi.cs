using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Products.Api.Application;
using Products.Api.Contracts;
using Products.Api.Infrastructure;
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
        ProductRequest request, ClaimsPrincipal caller, ProductEditor editor, HttpContext context, CancellationToken cancellationToken)
    {
        return await editor.CreateAsync(request, caller.AsActor(), cancellationToken) switch
        {
            ProductEditOutcome.Saved saved => Saved(saved, context, product => TypedResults.Created($"/products/{product.Id}", product)),
            var refused => ToProblem(refused, Guid.Empty),
        };
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>>
        UpdateProduct(
            Guid id, ProductRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal caller,
            ProductEditor editor, HttpContext context, CancellationToken cancellationToken)
    {
        Func<Product, bool>? isExpectedVersion = ifMatch is null ? null : product => Matches(ifMatch, product);
        return await editor.UpdateAsync(id, request, isExpectedVersion, caller.AsActor(), cancellationToken) switch
        {
            ProductEditOutcome.Saved saved => Saved(saved, context, TypedResults.Ok),
            var refused => ToProblem(refused, id),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProduct(
        Guid id, ClaimsPrincipal caller, ProductEditor editor, CancellationToken cancellationToken) =>
        await editor.DeleteAsync(id, caller.AsActor(), cancellationToken) ? TypedResults.NoContent() : ProductNotFound(id);

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> AdjustStock(
        Guid id, StockAdjustmentRequest request, ClaimsPrincipal caller, ProductEditor editor, HttpContext context,
        CancellationToken cancellationToken)
    {
        var adjustment = request.Adjustment;
        return await editor.AdjustStockAsync(id, adjustment, caller.AsActor(), cancellationToken) switch
        {
            ProductEditOutcome.Saved saved => Saved(saved, context, TypedResults.Ok),
            ProductEditOutcome.NotEnoughStock refused => ApiProblems.Conflict(
                $"Only {refused.Stock} units are in stock: {-adjustment} cannot be removed.", new Dictionary<string, object?> { ["stock"] = refused.Stock }),
            ProductEditOutcome.StockFull refused => ApiProblems.Conflict(
                $"The stock of {refused.Stock} units cannot grow by {adjustment}: at most {int.MaxValue} units are kept.", new Dictionary<string, object?> { ["stock"] = refused.Stock }),
            var refused => ToProblem(refused, id),
        };
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

    /// <summary>The saved product as <paramref name="answer"/> sends it, with its version as the ETag.</summary>
    private static TResult Saved<TResult>(ProductEditOutcome.Saved saved, HttpContext context, Func<ProductResponse, TResult> answer)
    {
        context.Response.Headers.ETag = ETag(saved.Product.Product);
        return answer(ProductResponse.From(saved.Product));
    }

    private static ProblemHttpResult ToProblem(ProductEditOutcome outcome, Guid id) => outcome switch
    {
        ProductEditOutcome.NotFound => ProductNotFound(id),
        ProductEditOutcome.DuplicateSku duplicate => ApiProblems.Conflict(
            $"Another product already has the sku '{duplicate.Sku}' (SKUs are compared without case)."),
        ProductEditOutcome.VersionChanged => ApiProblems.Status(
            StatusCodes.Status412PreconditionFailed, "The product changed since the ETag in If-Match was read."),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
    };

    internal static ProblemHttpResult ProductNotFound(Guid id) => ApiProblems.NotFound($"No product has the id '{id}'.");
}
