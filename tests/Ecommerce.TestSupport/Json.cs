using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecommerce.TestSupport;

public static class Json
{
    /// <summary>A JSON body written as text, so tests can send exactly what a client would, mistakes included.</summary>
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static JsonContent Body(object value) => JsonContent.Create(value, options: Options);

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("The body is JSON null.");
    }
}
