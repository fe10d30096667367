using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Ecommerce.TestSupport;

public static class OperationalEndpoints
{
    /// <summary>
    /// What every service serves beside its API: readiness, liveness, its OpenAPI document (which must describe
    /// <paramref name="apiPaths"/>) and the API reference page.
    /// </summary>
    public static async Task AssertServedAsync(this HttpClient service, params string[] apiPaths)
    {
        foreach (var path in new[] { "/health", "/alive", "/scalar" })
        {
            var response = await service.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        }

        var document = await service.GetFromJsonAsync<JsonNode>("/openapi/v1.json");
        Assert.All(apiPaths, path => Assert.NotNull(document!["paths"]![path]));
    }
}
