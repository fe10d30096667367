using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.ServiceDefaults.Http;

public static class HttpClientJsonExtensions
{
    /// <summary>
    /// GETs a resource of another service: null when it answers 404; an exception (and so a 503 from this
    /// service) when it answers anything else that is not a success, or nothing at all.
    /// </summary>
    public static async Task<T?> GetOrNullAsync<T>(this HttpClient http, string path, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(options, cancellationToken)
            ?? throw new HttpRequestException($"{http.BaseAddress}{path} answered an empty body.");
    }
}
