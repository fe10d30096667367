using Microsoft.AspNetCore.WebUtilities;

namespace Storefront.Services;

/// <summary>Products.Api's public catalog: anyone may read it, so these calls carry no token.</summary>
public sealed class CatalogClient(HttpClient http) : ServiceClient(http, "Products.Api")
{
    public const int PageSize = 12;

    public async Task<Page<Product>> ListAsync(string? category, string? q, string? after, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string?> { ["limit"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(category))
        {
            query["category"] = category;
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            query["q"] = q;
        }

        if (!string.IsNullOrWhiteSpace(after))
        {
            query["after"] = after;
        }

        using var response = await SendAsync(HttpMethod.Get, QueryHelpers.AddQueryString("/products", query), null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // A cursor or filter the service refuses (typed by hand into the address bar): the first page instead.
            return new Page<Product>([], null);
        }

        return new Page<Product>(await ReadAsync<List<Product>>(response, cancellationToken), ShopJson.NextCursor(response.Headers));
    }

    public async Task<Product?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/products/{id}", null, cancellationToken);
        return response.IsSuccessStatusCode ? await ReadAsync<Product>(response, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/products/categories", null, cancellationToken);
        return response.IsSuccessStatusCode ? await ReadAsync<List<Category>>(response, cancellationToken) : [];
    }
}
