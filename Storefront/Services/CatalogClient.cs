using Microsoft.Extensions.Caching.Memory;

namespace Storefront.Services;

/// <summary>Products.Api's public catalog: anyone may read it, so these calls carry no token.</summary>
public sealed class CatalogClient(HttpClient http, IMemoryCache cache) : ServiceClient(http, "Products.Api")
{
    public const int PageSize = 12;

    /// <summary>
    /// The category chips are on every catalog page, and counting the catalog by category cost Products.Api more than the
    /// page's products (eng/bench): every replica counts once every ten seconds, and a new category shows within them.
    /// </summary>
    private static readonly TimeSpan CategoriesKeptFor = TimeSpan.FromSeconds(10);

    public Task<Page<Product>> ListAsync(string? category, string? q, string? after, CancellationToken cancellationToken) =>
        PageAsync<Product>("/products", new() { ["category"] = category, ["q"] = q }, PageSize, after, cancellationToken);

    public async Task<Product?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/products/{id}", null, cancellationToken);
        return response.IsSuccessStatusCode ? await ReadAsync<Product>(response, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(nameof(CategoriesAsync), out IReadOnlyList<Category>? kept) && kept is not null)
        {
            return kept;
        }

        using var response = await SendAsync(HttpMethod.Get, "/products/categories", null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var categories = await ReadAsync<List<Category>>(response, cancellationToken);
        return cache.Set<IReadOnlyList<Category>>(nameof(CategoriesAsync), categories, CategoriesKeptFor);
    }
}
