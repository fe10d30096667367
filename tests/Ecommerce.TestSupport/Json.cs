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

    /// <summary>
    /// Posts a body the server will refuse for its size, announcing it with <c>Expect: 100-continue</c> as a careful
    /// client does: the refusal then arrives before the body is sent, instead of racing the upload.
    /// </summary>
    public static async Task<HttpResponseMessage> PostOversizedAsync(this HttpClient client, string path, string json)
    {
        // HttpClient sends the body anyway after one second without an answer; on a busy machine the refusal
        // can take longer than that, so this client waits as long as the whole request may take.
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
        {
            BaseAddress = client.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(json) };
        request.Headers.ExpectContinue = true;
        return await patient.SendAsync(request);
    }

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
