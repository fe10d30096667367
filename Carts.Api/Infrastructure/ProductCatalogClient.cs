using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Carts.Api.Infrastructure;

/// <summary>What Carts needs to know of a product, as Products.Api describes it.</summary>
public sealed record ProductInfo(Guid Id, string Sku, string Name, decimal Price, string Currency, int Stock);

/// <summary>
/// Reads products from Products.Api at <c>http://products</c>, resolved by service discovery. Timeouts,
/// retries (GET only) and the circuit breaker come from the service defaults; a failure surfaces as an
/// exception that the service answers with 503.
/// </summary>
public sealed class ProductCatalogClient(HttpClient http, IOptions<JsonOptions> json)
{
    public Task<ProductInfo?> FindAsync(Guid productId, CancellationToken cancellationToken) =>
        http.GetOrNullAsync<ProductInfo>($"/products/{productId}", json.Value.SerializerOptions, cancellationToken);
}
