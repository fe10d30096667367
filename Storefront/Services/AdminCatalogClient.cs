using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Storefront.Services;

/// <summary>
/// Products.Api as an admin, with their token (<c>catalog.write</c>): the whole catalog to manage, its pictures, stock and
/// change log. Every change answers what came of it, so a page can say why a change was refused.
/// </summary>
public sealed class AdminCatalogClient(HttpClient http) : ServiceClient(http, "Products.Api")
{
    public const int PageSize = 25;

    public Task<Page<Product>> ListAsync(string? category, string? q, int? maxStock, string? after, CancellationToken cancellationToken) =>
        PageAsync<Product>("/products", new()
        {
            ["category"] = category,
            ["q"] = q,
            ["max_stock"] = maxStock?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, PageSize, after, cancellationToken);

    /// <summary>The product as it is now, with the ETag an edit of these values must send; null when it does not exist.</summary>
    public async Task<VersionedProduct?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/products/{id}", null, cancellationToken);
        return response.IsSuccessStatusCode ? await VersionedAsync(response, cancellationToken) : null;
    }

    public async Task<CatalogChange> CreateAsync(ProductFields fields, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/products", fields.ToRequest(), cancellationToken);
        return await ChangeAsync(response, cancellationToken, conflictIsSku: true);
    }

    /// <summary>Replaces the product's fields if it is still the version <paramref name="etag"/> names.</summary>
    public async Task<CatalogChange> UpdateAsync(Guid id, ProductFields fields, string etag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/products/{id}")
        {
            Content = JsonContent.Create(fields.ToRequest(), options: ShopJson.Options),
        };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var response = await SendAsync(request, cancellationToken);
        return await ChangeAsync(response, cancellationToken, conflictIsSku: true);
    }

    /// <summary>Adds (or with a negative number removes) units, whatever the shop sells meanwhile.</summary>
    public async Task<CatalogChange> AdjustStockAsync(Guid id, int adjustment, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/products/{id}/stock", new { adjustment }, cancellationToken);
        return await ChangeAsync(response, cancellationToken);
    }

    public async Task<CatalogChange> SetPictureAsync(Guid id, Stream picture, string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/products/{id}/image") { Content = new StreamContent(picture) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await SendAsync(request, cancellationToken);
        return await ChangeAsync(response, cancellationToken);
    }

    public async Task<bool> RemovePictureAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/products/{id}/image", null, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Deletes the product; false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/products/{id}", null, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public Task<Page<ProductChange>> ChangesAsync(Guid id, string? after, CancellationToken cancellationToken) =>
        PageAsync<ProductChange>($"/products/{id}/changes", [], PageSize, after, cancellationToken);

    private static async Task<VersionedProduct> VersionedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new(await ReadAsync<Product>(response, cancellationToken), response.Headers.ETag?.ToString() ?? "");

    /// <summary>
    /// The answer to a change. A 409 to a create or an edit (<paramref name="conflictIsSku"/>) can only be a SKU another
    /// product has, which the form shows on that field.
    /// </summary>
    private static async Task<CatalogChange> ChangeAsync(HttpResponseMessage response, CancellationToken cancellationToken, bool conflictIsSku = false)
    {
        if (response.IsSuccessStatusCode)
        {
            return new CatalogChange.Done(await VersionedAsync(response, cancellationToken));
        }

        var problem = await ShopJson.ProblemAsync(response, cancellationToken);
        return (HttpStatusCode)problem.Status switch
        {
            HttpStatusCode.NotFound => new CatalogChange.Gone(),
            HttpStatusCode.PreconditionFailed => new CatalogChange.ChangedMeanwhile(),
            HttpStatusCode.Conflict when conflictIsSku =>
                new CatalogChange.Invalid(new Dictionary<string, string[]> { ["sku"] = [problem.Detail] }, problem.Detail),
            HttpStatusCode.BadRequest => new CatalogChange.Invalid(FieldErrors(problem), problem.Detail),
            _ => new CatalogChange.Refused(problem.Detail),
        };
    }

    /// <summary>A validation problem's <c>errors</c>: each field's messages.</summary>
    private static Dictionary<string, string[]> FieldErrors(ProblemAnswer problem) =>
        problem.Document?["errors"]?.Deserialize<Dictionary<string, string[]>>(ShopJson.Options) ?? [];
}

/// <summary>A product and the ETag of that version of it.</summary>
public sealed record VersionedProduct(Product Product, string ETag);

/// <summary>What a change to the catalog came to.</summary>
public abstract record CatalogChange
{
    private CatalogChange()
    {
    }

    public sealed record Done(VersionedProduct Product) : CatalogChange;

    /// <summary>The product was changed by someone else since the version the change was made on (412).</summary>
    public sealed record ChangedMeanwhile : CatalogChange;

    public sealed record Gone : CatalogChange;

    /// <summary>Values the service refused, by field (the JSON name); a duplicate SKU is the <c>sku</c> field's.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors, string Detail) : CatalogChange;

    public sealed record Refused(string Reason) : CatalogChange;
}
