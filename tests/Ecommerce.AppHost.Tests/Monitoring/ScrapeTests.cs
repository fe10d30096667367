using System.Text.RegularExpressions;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests.Monitoring;

/// <summary>What a real Prometheus scrapes from the running platform: every instrument the code defines, with its labels.</summary>
[Collection(SharedPlatform.Name)]
public partial class ScrapeTests(ScrapedPlatform scraped) : IClassFixture<ScrapedPlatform>
{
    public static readonly TheoryData<string> Processes = new(PlatformMetrics.Processes);

    [Theory]
    [MemberData(nameof(Processes))]
    public async Task Every_process_is_up_and_serves_the_http_servers_request_duration_by_route_method_and_status(string job)
    {
        Assert.Equal("1", Value(Assert.Single(await scraped.Prometheus.QueryAsync($"up{{job=\"{job}\"}}"))!));
        var series = await scraped.Prometheus.QueryAsync(
            $"http_server_request_duration_seconds_bucket{{job=\"{job}\", http_route!=\"\", http_request_method!=\"\", http_response_status_code!=\"\"}}");
        Assert.NotEmpty(series);
    }

    [Fact]
    public async Task Every_instrument_the_platform_defines_is_scraped_with_its_labels()
    {
        var instruments = Instruments().ToList();
        Assert.True(instruments.Count >= 10, string.Join(", ", instruments));

        var missing = new List<string>();
        foreach (var (name, labels) in instruments)
        {
            var matchers = string.Join(", ", labels.Select(label => $"{label}!=\"\"").Prepend($"__name__=\"{name}\""));
            if ((await scraped.Prometheus.QueryAsync($"{{{matchers}}}")).Count == 0)
            {
                missing.Add($"{name} {{{string.Join(", ", labels)}}}");
            }
        }

        Assert.True(missing.Count == 0, "Not scraped: " + string.Join("; ", missing));
    }

    [Fact]
    public async Task Every_query_of_every_dashboard_panel_shows_data()
    {
        var dashboards = MonitoringComponent.Dashboards.ToList();
        Assert.NotEmpty(dashboards);

        var empty = new List<string>();
        foreach (var (name, dashboard) in dashboards)
        {
            foreach (var panel in dashboard["panels"]!.AsArray())
            {
                foreach (var target in panel!["targets"]!.AsArray())
                {
                    // "All" namespaces, as Grafana sends the variable's allValue; the test's Prometheus has no namespace label.
                    var query = target!["expr"]!.GetValue<string>().Replace("$namespace", ".*", StringComparison.Ordinal);
                    var series = await scraped.Prometheus.QueryAsync(query);
                    if (series.Count == 0)
                    {
                        empty.Add($"{name} / {panel["title"]}: {query}");
                    }

                    // What each panel shows after the shopping run, in the test's log: the figures a person would read.
                    TestContext.Current.TestOutputHelper?.WriteLine(
                        $"{name} / {panel["title"]}: {string.Join(", ", series.Select(one => Value(one!)))} <- {query}");
                }
            }
        }

        Assert.True(empty.Count == 0, "No data:" + Environment.NewLine + string.Join(Environment.NewLine, empty));
    }

    [Fact]
    public async Task The_shops_orders_per_minute_and_the_checkout_sli_move_with_the_shopping()
    {
        var shop = MonitoringComponent.Dashboards.Single(dashboard => dashboard.Name == "ecommerce-shop.json").Dashboard;
        var ordersPerMinute = shop["panels"]!.AsArray().Single(panel => panel!["title"]!.GetValue<string>() == "Orders placed per minute")!
            ["targets"]![0]!["expr"]!.GetValue<string>().Replace("$namespace", ".*", StringComparison.Ordinal);

        var orders = double.Parse(Value(Assert.Single(await scraped.Prometheus.QueryAsync(ordersPerMinute))!), System.Globalization.CultureInfo.InvariantCulture);
        var checkoutErrors = Assert.Single(await scraped.Prometheus.QueryAsync("slo:sli_error:ratio_rate5m{slo=\"checkout-availability\"}"));

        Assert.True(orders > 0, $"{ordersPerMinute} = {orders}");
        Assert.Equal("0", Value(checkoutErrors!));
        TestContext.Current.TestOutputHelper?.WriteLine($"orders per minute {orders}; checkout SLI error ratio (5m) {Value(checkoutErrors!)}");
    }

    /// <summary>
    /// The platform's own instruments, read from the source (every <c>Create{Counter,Histogram,Gauge}</c> under an
    /// <c>Ecommerce.*</c> meter), as the OpenTelemetry Prometheus exporter names them (dots to underscores, the unit
    /// as a suffix unless it is an annotation in braces, <c>_total</c> for a counter, <c>_bucket</c> for a histogram's
    /// series), with the tags their code adds.
    /// </summary>
    private static IEnumerable<(string Name, string[] Labels)> Instruments()
    {
        foreach (var file in Directory.EnumerateFiles(BuildOutput.Repository, "*Metrics.cs", SearchOption.AllDirectories)
                     .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var code = File.ReadAllText(file);
            foreach (Match instrument in Instrument().Matches(code))
            {
                var unit = instrument.Groups["unit"].Value switch
                {
                    "s" => "_seconds",
                    "By" => "_bytes",
                    var braces when braces.StartsWith('{') => "",
                    var other => "_" + other,
                };
                var suffix = instrument.Groups["kind"].Value switch
                {
                    "Counter" => "_total",
                    "Histogram" => "_bucket",
                    _ => "",
                };
                var field = instrument.Groups["field"].Value;
                // The tags a field's Add or Record passes: KeyValuePair<string, object?>("tag", …) on the same line.
                var labels = Regex.Matches(code, $@"{field}\.(Add|Record)\(.*$", RegexOptions.Multiline)
                    .SelectMany(call => Tag().Matches(call.Value).Select(tag => tag.Groups[1].Value)).Distinct().ToArray();
                yield return (instrument.Groups["name"].Value.Replace('.', '_') + unit + suffix, labels);
            }
        }
    }

    private static string Value(System.Text.Json.Nodes.JsonNode series) => series["value"]![1]!.GetValue<string>();

    [GeneratedRegex(@"(?<field>_\w+) = meter\.Create(?<kind>Counter|Histogram|Gauge)<\w+>\(\s*""(?<name>ecommerce\.[\w.]+)"", ""(?<unit>[^""]+)""")]
    private static partial Regex Instrument();

    [GeneratedRegex(@"KeyValuePair<string, object\?>\(""(\w+)""")]
    private static partial Regex Tag();
}
