using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Orders.Api.Tests;

public static class OrderClient
{
    /// <summary>Checks out <paramref name="items"/> as the person <paramref name="userId"/>.</summary>
    public static Task<HttpResponseMessage> PlaceOrderAsync(this ServicesOnRealPorts stack, string userId, params (string ProductId, int Quantity)[] items) =>
        stack.OrdersOf(userId).PostAsync("/orders", Json.Body(new { items = items.Select(i => new { product_id = i.ProductId, quantity = i.Quantity }) }));

    public static async Task<JsonNode> PlacedOrderAsync(this ServicesOnRealPorts stack, string userId, params (string ProductId, int Quantity)[] items)
    {
        var response = await stack.PlaceOrderAsync(userId, items);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> SetStatusAsync(this HttpClient orders, string orderId, string status) =>
        orders.PutAsync($"/orders/{orderId}/status", Json.Body(new { status }));

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static string NewUser() => $"u-{Guid.NewGuid():N}";
}
