using System.Text.Json.Nodes;
using Ecommerce.AppHost.Tests.Deploy;

namespace Ecommerce.AppHost.Tests.Monitoring;

/// <summary>The committed monitoring component of deploy/: its PrometheusRules as Prometheus' own rule files, its dashboards.</summary>
internal static class MonitoringComponent
{
    public static string Folder { get; } = Path.Combine(DeployFolder.Committed, "kubernetes", "components", "monitoring");

    public static IEnumerable<JsonObject> Rules => DeployFolder.Documents(Path.Combine("kubernetes", "components", "monitoring"))
        .Where(document => document["kind"]!.GetValue<string>() == "PrometheusRule");

    /// <summary>
    /// Each PrometheusRule's groups written as a rule file into <paramref name="folder"/>, as the operator hands them to
    /// Prometheus; with <paramref name="everySecond"/>, each group evaluated every second whatever its interval.
    /// </summary>
    public static List<string> WriteRuleFiles(string folder, bool everySecond)
    {
        var files = new List<string>();
        foreach (var rule in Rules)
        {
            var spec = rule["spec"]!.DeepClone().AsObject();
            if (everySecond)
            {
                foreach (var group in spec["groups"]!.AsArray())
                {
                    group!.AsObject().Remove("interval");
                }
            }

            var file = Path.Combine(folder, $"{rule["metadata"]!["name"]!.GetValue<string>()}.rules.yaml");
            // JSON is YAML: Prometheus and promtool read it as it is.
            File.WriteAllText(file, spec.ToJsonString());
            files.Add(file);
        }

        return files;
    }

    /// <summary>Every Grafana dashboard of the component (the ConfigMaps the sidecar loads), by its file name.</summary>
    public static IEnumerable<(string Name, JsonObject Dashboard)> Dashboards =>
        DeployFolder.Documents(Path.Combine("kubernetes", "components", "monitoring"))
            .Where(document => document["kind"]!.GetValue<string>() == "ConfigMap" && document["metadata"]?["labels"]?["grafana_dashboard"] is not null)
            .SelectMany(map => map["data"]!.AsObject().Select(entry => (entry.Key, JsonNode.Parse(entry.Value!.GetValue<string>())!.AsObject())));
}
