using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Products.Api.Contracts;
using Products.Api.Infrastructure;
using Products.Api.Model;

namespace Products.Api.Apis;

public static class ProductImagesApi
{
    /// <summary>
    /// A picture's URL changes with the picture (the <c>v</c> of a product's image_url), so what a URL serves never
    /// goes stale: caches may keep it for a day.
    /// </summary>
    private const string CacheControl = "public, max-age=86400";

    public static IEndpointRouteBuilder MapProductImagesApi(this IEndpointRouteBuilder app)
    {
        // Pictures are seen by anyone and changed with catalog.write only, as the rest of the catalog.
        var api = app.MapGroup("/products/{id:guid}/image").WithTags("Products").RequireAuthorization(Scopes.CatalogWrite);
        api.MapGet("", GetProductImage).WithSummary("Get a product's picture")
            .WithDescription("The picture's bytes, with an ETag; If-None-Match answers 304. The v of a product's image_url only makes the URL change with the picture.")
            .Produces<Stream>(StatusCodes.Status200OK, ImageFormat.Png.ContentType, ImageFormat.Jpeg.ContentType, ImageFormat.WebP.ContentType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound).AllowAnonymous();
        api.MapPut("", PutProductImage).WithSummary("Set a product's picture: its bytes, as image/png, image/jpeg or image/webp, at most 1 MiB")
            .AddOpenApiOperationTransformer(DescribePictureBody)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapDelete("", DeleteProductImage).WithSummary("Remove a product's picture")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetProductImage(
        Guid id, CatalogContext db, HttpContext context, CancellationToken cancellationToken)
    {
        // If-None-Match compares weakly (RFC 9110 §13.1.2): W/ is ignored. A picture it names is not read at all.
        var tags = context.Request.GetTypedHeaders().IfNoneMatch;
        var anyVersion = tags.Any(tag => tag.Tag == "*");
        var versions = tags.Where(tag => tag.Tag != "*").Select(tag => tag.Tag.Value!.Trim('"')).ToArray();
        var image = await db.ProductImages.AsNoTracking().Where(i => i.ProductId == id)
            .Select(i => new { i.ContentType, i.Version, Content = anyVersion || versions.Contains(i.Version) ? null : i.Content })
            .SingleOrDefaultAsync(cancellationToken);
        if (image is null)
        {
            return await ImageNotFoundAsync(db, id, cancellationToken);
        }

        var headers = context.Response.Headers;
        headers.ETag = ETag(image.Version);
        headers.CacheControl = CacheControl;
        headers.XContentTypeOptions = "nosniff";
        return image.Content is null
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(image.Content, image.ContentType);
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> PutProductImage(
        Guid id, ClaimsPrincipal caller, CatalogContext db, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        // The body is read here, after authorization, not bound: a caller who may not upload costs no reading.
        if (ImageFormat.ForContentType(context.Request.ContentType) is not { } format)
        {
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, ImageFormat.UnsupportedDetail(context.Request.ContentType));
        }

        var content = await ReadBodyAsync(context.Request, cancellationToken);
        if (format.Refusal(content) is { } refusal)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest, refusal);
        }

        var version = ProductImage.VersionOf(content);
        var now = clock.UtcNowForStorage();
        var actor = caller.AsActor();
        var stored = await db.InTransactionAsync(async ct =>
        {
            // FOR SHARE waits for a delete of the product in progress, and holds one off until the picture is stored, when
            // the delete removes it: a picture is never left behind on a deleted product. The statement returns one row,
            // the version it replaced (null for none), when it stored the picture.
            var replaced = await db.Database.SqlQuery<string?>($"""
                WITH previous AS (SELECT version FROM product_images WHERE product_id = {id})
                INSERT INTO product_images (product_id, content_type, content, version)
                SELECT id, {format.ContentType}, {content}, {version} FROM products
                WHERE id = {id} AND deleted_at IS NULL FOR SHARE
                ON CONFLICT (product_id) DO UPDATE
                SET content_type = excluded.content_type, content = excluded.content, version = excluded.version
                RETURNING (SELECT version FROM previous) AS "Value"
                """).ToListAsync(ct);
            if (replaced.Count == 0)
            {
                return false;
            }

            db.ProductChanges.Add(ProductChange.Of(id, ProductChangeKind.PictureSet, actor, now,
                new() { ["picture"] = new FieldChange(replaced[0], version) }));
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        var product = stored ? await CatalogQueries.ProductById(db, id, cancellationToken) : null;
        if (product is null)
        {
            return ProductsApi.ProductNotFound(id);
        }

        context.Response.Headers.ETag = ProductsApi.ETag(product.Product);
        return TypedResults.Ok(ProductResponse.From(product));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProductImage(
        Guid id, ClaimsPrincipal caller, CatalogContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        var actor = caller.AsActor();
        var deleted = await db.InTransactionAsync(async ct =>
        {
            var versions = await db.Database.SqlQuery<string>($"""
                DELETE FROM product_images WHERE product_id = {id} RETURNING version AS "Value"
                """).ToListAsync(ct);
            if (versions.Count == 0)
            {
                return false;
            }

            db.ProductChanges.Add(ProductChange.Of(id, ProductChangeKind.PictureRemoved, actor, now,
                new() { ["picture"] = new FieldChange(versions[0], null) }));
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        return deleted ? TypedResults.NoContent() : await ImageNotFoundAsync(db, id, cancellationToken);
    }

    private static string ETag(string version) => $"\"{version}\"";

    /// <summary>The body, whole; the service's body limit makes a body over 1 MiB a 413 while it is read.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, RequestLimits.MaxBodyBytes));
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static async Task<ProblemHttpResult> ImageNotFoundAsync(CatalogContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Products.AnyAsync(p => p.Id == id, cancellationToken)
            ? ApiProblems.NotFound($"The product '{id}' has no picture.")
            : ProductsApi.ProductNotFound(id);

    /// <summary>The body is the picture's bytes, not JSON: declared here, since no parameter binds it.</summary>
    private static Task DescribePictureBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The picture's bytes, at most 1 MiB; they must begin as the Content-Type's format does.",
            Content = ImageFormat.All.ToDictionary(
                format => format.ContentType,
                _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
        };
        return Task.CompletedTask;
    }
}
