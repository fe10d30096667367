using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ecommerce.AppHost.Tests;

/// <summary>One span as the dashboard received it over OTLP.</summary>
public sealed record ReceivedSpan(string Service, string Name, string TraceId, string SpanId, string? ParentSpanId, DateTimeOffset Start);

/// <summary>One structured log record as the dashboard received it over OTLP.</summary>
public sealed record ReceivedLog(string Service, string Category, string Severity, string Message);

/// <summary>
/// What the dashboard received, read through its telemetry API (the one Aspire's CLI reads), authenticated as a
/// person is: the browser token from the login address is exchanged for the API key.
/// </summary>
public sealed class DashboardTelemetry(HttpClient dashboard) : IDisposable
{
    public static async Task<DashboardTelemetry> ConnectAsync(Uri loginUrl)
    {
        var token = System.Web.HttpUtility.ParseQueryString(loginUrl.Query)["t"] ?? throw new InvalidOperationException($"No token in {loginUrl}.");
        var dashboard = new HttpClient { BaseAddress = new Uri(loginUrl.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(30) };
        var exchanged = await dashboard.PostAsJsonAsync("/api/telemetry/validateToken", new { token });
        exchanged.EnsureSuccessStatusCode();
        var apiKey = (await exchanged.Content.ReadFromJsonAsync<JsonNode>())!["apiKey"]!.GetValue<string>();
        dashboard.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return new DashboardTelemetry(dashboard);
    }

    public async Task<IReadOnlyList<ReceivedSpan>> SpansAsync()
    {
        var data = await GetAsync("/api/telemetry/spans?limit=10000");
        return [.. from resource in data["resourceSpans"]!.AsArray()
                   from scope in resource!["scopeSpans"]!.AsArray()
                   from span in scope!["spans"]!.AsArray()
                   select new ReceivedSpan(
                       ServiceOf(resource!),
                       span!["name"]!.GetValue<string>(),
                       span["traceId"]!.GetValue<string>(),
                       span["spanId"]!.GetValue<string>(),
                       span["parentSpanId"]?.GetValue<string>() is { Length: > 0 } parent ? parent : null,
                       DateTimeOffset.UnixEpoch.AddTicks(long.Parse(span["startTimeUnixNano"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) / 100))];
    }

    public async Task<IReadOnlyList<ReceivedLog>> LogsAsync(string? severity = null)
    {
        var data = await GetAsync($"/api/telemetry/logs?limit=10000{(severity is null ? "" : $"&severity={severity}")}");
        return [.. from resource in data["resourceLogs"]!.AsArray()
                   from scope in resource!["scopeLogs"]!.AsArray()
                   from record in scope!["logRecords"]!.AsArray()
                   select new ReceivedLog(
                       ServiceOf(resource!),
                       scope["scope"]!["name"]!.GetValue<string>(),
                       record!["severityText"]!.GetValue<string>(),
                       record["body"]?["stringValue"]?.GetValue<string>() ?? "")];
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        var response = await dashboard.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["data"]!;
    }

    public void Dispose() => dashboard.Dispose();

    private static string ServiceOf(JsonNode resource) =>
        resource["resource"]!["attributes"]!.AsArray().Single(a => a!["key"]!.GetValue<string>() == "service.name")!["value"]!["stringValue"]!.GetValue<string>();
}
