using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Orders.Api.Tests;

public static class OrderClient
{
    public static Task<HttpResponseMessage> PlaceOrderAsync(this HttpClient orders, string userId, params (string ProductId, int Quantity)[] items) =>
        orders.PostAsync("/orders", Json.Body(new { user_id = userId, items = items.Select(i => new { product_id = i.ProductId, quantity = i.Quantity }) }));

    public static async Task<JsonNode> PlacedOrderAsync(this HttpClient orders, string userId, params (string ProductId, int Quantity)[] items)
    {
        var response = await orders.PlaceOrderAsync(userId, items);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> SetStatusAsync(this HttpClient orders, string orderId, string status) =>
        orders.PutAsync($"/orders/{orderId}/status", Json.Body(new { status }));

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static string NewUser() => $"u-{Guid.NewGuid():N}";
}
