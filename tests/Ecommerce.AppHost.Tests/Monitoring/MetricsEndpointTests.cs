using System.Net;

namespace Ecommerce.AppHost.Tests.Monitoring;

/// <summary>
/// Every process serves its meters to Prometheus on its own metrics endpoint, and there only: not on its main port, not
/// through the gateway; a scrape is neither traced nor counted as a request.
/// </summary>
[Collection(SharedPlatform.Name)]
public class MetricsEndpointTests(PlatformFixture platform)
{
    public static readonly TheoryData<string> Processes = new(PlatformMetrics.Processes);

    [Theory]
    [MemberData(nameof(Processes))]
    public async Task Each_process_serves_its_meters_in_prometheus_text_on_its_metrics_endpoint(string resource)
    {
        using var metrics = platform.App.CreateHttpClient(resource, "metrics");

        var first = await metrics.GetAsync("/metrics");
        var body = await (await metrics.GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.StartsWith("text/plain", first.Content.Headers.ContentType?.MediaType);
        // The health checks Aspire polls are requests the process served: the HTTP server's histogram is there.
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", body);
        Assert.DoesNotContain("http_route=\"/metrics\"", body);
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Processes))]
    public async Task The_main_endpoint_does_not_serve_the_meters(string resource)
    {
        using var main = platform.App.CreateHttpClient(resource, "http");

        var response = await main.GetAsync("/metrics");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_gateway_serves_the_storefronts_page_at_metrics_not_the_meters()
    {
        var response = await platform.Gateway.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_scrape_leaves_no_trace()
    {
        foreach (var resource in PlatformMetrics.Processes)
        {
            using var metrics = platform.App.CreateHttpClient(resource, "metrics");
            Assert.Equal(HttpStatusCode.OK, (await metrics.GetAsync("/metrics")).StatusCode);
        }

        // The services export spans every second or so: a traced scrape would be at the dashboard by now.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var scrapes = (await platform.Telemetry.SpansAsync()).Where(span => span.Name.Contains("/metrics", StringComparison.Ordinal)).ToList();
        Assert.True(scrapes.Count == 0, string.Join(", ", scrapes.Select(span => $"{span.Service}: {span.Name}")));
    }
}
