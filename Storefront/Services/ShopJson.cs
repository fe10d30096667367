using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Storefront.Services;

/// <summary>How the shop reads and writes the services' JSON, and what it reads from their problems and headers.</summary>
internal static class ShopJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The <c>after</c> cursor of a <c>Link: &lt;…?after=…&gt;; rel="next"</c> header, or null on the last page.</summary>
    public static string? NextCursor(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links.SelectMany(value => value.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !parts.Skip(1).Contains("rel=\"next\"") || parts[0] is not ['<', .. var target, '>'])
            {
                continue;
            }

            var query = target.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? target[(at + 1)..] : "";
            var after = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).GetValueOrDefault("after");
            return after.Count > 0 ? after[0] : null;
        }

        return null;
    }

    /// <summary>The <c>detail</c> of a problem answer, or a plain sentence when it has none.</summary>
    public static async Task<ProblemAnswer> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonObject? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's page, say): the status code says enough.
        }

        return new ProblemAnswer((int)response.StatusCode, problem?["detail"]?.GetValue<string>() ?? response.ReasonPhrase ?? "", problem);
    }
}

/// <summary>A service's refusal: its status, its <c>detail</c> and the whole document for extensions.</summary>
internal sealed record ProblemAnswer(int Status, string Detail, JsonObject? Document)
{
    public IReadOnlyList<Shortage> Shortages() =>
        Document?["unavailable"]?.Deserialize<List<Shortage>>(ShopJson.Options) ?? [];
}
