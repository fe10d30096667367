using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Ecommerce.TestSupport;

/// <summary>Shortcuts for arranging a test; the behaviour under test is always asserted on raw responses.</summary>
public static class CatalogClient
{
    public static async Task<JsonNode> CreateProductAsync(
        this HttpClient client, int stock = 10, decimal price = 19.99m, string? category = null, string? name = null, string? description = null)
    {
        var response = await client.PostAsync("/products", Json.Body(new
        {
            sku = $"SKU-{Guid.NewGuid():N}",
            name = name ?? "Red T-shirt",
            description,
            category = category ?? "apparel",
            price,
            stock,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static async Task<int> StockOfAsync(this HttpClient client, string productId)
    {
        var product = await client.GetFromJsonAsync<JsonNode>($"/products/{productId}");
        return product!["stock"]!.GetValue<int>();
    }

    public static Task<HttpResponseMessage> ReserveAsync(this HttpClient client, Guid reservationId, int ttlSeconds, params (string ProductId, int Quantity)[] items) =>
        client.PostAsync("/inventory/reservations", Json.Body(new
        {
            reservation_id = reservationId,
            items = items.Select(i => new { product_id = i.ProductId, quantity = i.Quantity }),
            ttl_seconds = ttlSeconds,
        }));
}
