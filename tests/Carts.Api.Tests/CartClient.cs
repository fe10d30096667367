using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Carts.Api.Tests;

public static class CartClient
{
    /// <summary>Creates a cart for the person the client calls as.</summary>
    public static async Task<string> CreateCartAsync(this HttpClient carts)
    {
        var response = await carts.PostAsync("/carts", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> AddItemAsync(this HttpClient carts, string cartId, string productId, int quantity = 1) =>
        carts.PostAsync($"/carts/{cartId}/items", Json.Body(new { product_id = productId, quantity }));

    public static JsonNode? Line(this JsonNode cart, string productId) =>
        cart["items"]!.AsArray().SingleOrDefault(line => line!["product_id"]!.GetValue<string>() == productId);
}
