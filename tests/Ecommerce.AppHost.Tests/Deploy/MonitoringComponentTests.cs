using System.Text.Json.Nodes;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>The monitoring component in both overlays: every workload scraped on its metrics port, the dashboards loadable.</summary>
public class MonitoringComponentTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_workload_with_a_metrics_port_has_a_pod_monitor_scraping_it_named_after_the_workload(string overlay)
    {
        var documents = await DeployFolder.BuildOverlayAsync(overlay);
        var scraped = documents.Where(d => Kind(d) == "Deployment")
            .Where(d => d["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
                .Any(c => c!["ports"]!.AsArray().Any(p => p!["name"]!.GetValue<string>() == "metrics" && p["containerPort"]!.GetValue<long>() == 9464)))
            .Select(Name).Order(StringComparer.Ordinal).ToList();
        var monitors = documents.Where(d => Kind(d) == "PodMonitor").ToList();

        Assert.Equal(["carts", "identity", "orders", "products", "storefront"], scraped);
        Assert.Equal(scraped, monitors.Select(m => m["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(monitors, monitor =>
        {
            Assert.Equal("kube-prometheus-stack", monitor["metadata"]!["labels"]!["release"]!.GetValue<string>());
            Assert.Equal("app.kubernetes.io/name", monitor["spec"]!["jobLabel"]!.GetValue<string>());
            var endpoint = Assert.Single(monitor["spec"]!["podMetricsEndpoints"]!.AsArray())!;
            Assert.Equal("metrics", endpoint["port"]!.GetValue<string>());
            Assert.Equal("/metrics", endpoint["path"]!.GetValue<string>());
        });
        Assert.All(documents.Where(d => Kind(d) == "Service" && scraped.Contains(Name(d))), service =>
            Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "metrics" && p["targetPort"]!.GetValue<string>() == "metrics"));
    }

    [Fact]
    public async Task The_dashboards_are_config_maps_the_grafana_sidecar_loads_each_with_a_namespace_variable()
    {
        var maps = (await DeployFolder.BuildOverlayAsync("prod")).Where(d => Kind(d) == "ConfigMap" && d["metadata"]!["labels"]?["grafana_dashboard"] is not null).ToList();

        Assert.Equal(7, maps.Count);
        Assert.All(maps, map =>
        {
            Assert.Equal("1", map["metadata"]!["labels"]!["grafana_dashboard"]!.GetValue<string>());
            var dashboard = JsonNode.Parse(Assert.Single(map["data"]!.AsObject()).Value!.GetValue<string>())!;
            Assert.NotEmpty(dashboard["panels"]!.AsArray());
            Assert.Contains(dashboard["templating"]!["list"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "namespace");
            Assert.All(dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()),
                target => Assert.Contains("namespace=~\"$namespace\"", target!["expr"]!.GetValue<string>()));
        });
    }

    private static string Kind(JsonObject document) => document["kind"]!.GetValue<string>();

    private static string Name(JsonObject document) => document["metadata"]!["name"]!.GetValue<string>();
}
