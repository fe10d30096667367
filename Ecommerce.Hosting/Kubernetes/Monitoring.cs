using Aspire.Hosting;
using static Ecommerce.Hosting.Kubernetes.Yaml;

// The documents are built once per publish: literal arrays read as the YAML sequences they become (CA1861 is about hot paths).
#pragma warning disable CA1861

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// Monitoring with a cluster's Prometheus Operator and Grafana (kube-prometheus-stack), as a kustomize component the
/// overlays include: a PodMonitor per workload's metrics port, the SLO and platform rules, the dashboards as ConfigMaps
/// Grafana's sidecar loads, and the NetworkPolicy edges from Prometheus' pods to the metrics ports.
/// </summary>
internal static class Monitoring
{
    public const string Folder = "components/monitoring";

    /// <summary>The label kube-prometheus-stack's Prometheus pods carry.</summary>
    private static readonly Dictionary<string, object?> PrometheusPods = Map(("app.kubernetes.io/name", "prometheus"));

    public static IEnumerable<(string File, string Content)> Files(IReadOnlyCollection<string> projects, DeployTreeOptions options)
    {
        var monitoring = options.Monitoring;
        var operatorLabels = monitoring.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => (l.Key, (object?)l.Value));

        yield return ("pod-monitors.yaml", WriteDocuments(projects.Select(name => Map(
            ("apiVersion", "monitoring.coreos.com/v1"),
            ("kind", "PodMonitor"),
            ("metadata", Map(("name", name), ("labels", Map([.. Workloads.Labels(name).Select(l => (l.Key, l.Value)), .. operatorLabels])))),
            ("spec", Map(
                // The job label is the workload's name (products), as the rules and dashboards select it.
                ("jobLabel", "app.kubernetes.io/name"),
                ("selector", Map(("matchLabels", Workloads.Labels(name)))),
                ("podMetricsEndpoints", new[]
                {
                    Map(("port", MetricsEndpointExtensions.EndpointName), ("path", "/metrics"), ("interval", monitoring.ScrapeInterval)),
                })))))));

        yield return ("prometheus-rules.yaml", Write(Map(
            ("apiVersion", "monitoring.coreos.com/v1"),
            ("kind", "PrometheusRule"),
            ("metadata", Map(("name", "ecommerce"), ("labels", Map([("app.kubernetes.io/part-of", Workloads.PartOf), .. operatorLabels])))),
            ("spec", Map(("groups", AlertRules.Groups(projects, Runbook(options))))))));

        yield return ("dashboards.yaml", WriteDocuments(GrafanaDashboards.All(projects).Select(dashboard => Map(
            ("apiVersion", "v1"),
            ("kind", "ConfigMap"),
            ("metadata", Map(
                ("name", $"ecommerce-dashboard-{dashboard.Name}"),
                // grafana_dashboard is the label kube-prometheus-stack's Grafana sidecar loads dashboards by.
                ("labels", Map(("app.kubernetes.io/part-of", Workloads.PartOf), ("grafana_dashboard", "1"))),
                ("annotations", Map(("grafana_folder", "Ecommerce"))))),
            ("data", Map(($"ecommerce-{dashboard.Name}.json", GrafanaDashboards.Write(dashboard.Dashboard))))))));

        yield return ("network-policies.yaml", WriteDocuments(projects.Select(name => Map(
            ("apiVersion", "networking.k8s.io/v1"),
            ("kind", "NetworkPolicy"),
            ("metadata", Workloads.Metadata($"allow-scrapes-to-{name}")),
            ("spec", Map(
                ("podSelector", Map(("matchLabels", Workloads.Labels(name)))),
                ("policyTypes", new[] { "Ingress" }),
                ("ingress", new[]
                {
                    Map(
                        ("from", new[]
                        {
                            Map(
                                ("namespaceSelector", Map(("matchLabels", Map(("kubernetes.io/metadata.name", monitoring.Namespace))))),
                                ("podSelector", Map(("matchLabels", PrometheusPods)))),
                        }),
                        ("ports", new[] { Map(("protocol", "TCP"), ("port", ManifestExpressions.MetricsPort)) })),
                })))))));

        yield return ("kustomization.yaml", Write(Map(
            ("apiVersion", "kustomize.config.k8s.io/v1alpha1"),
            ("kind", "Component"),
            ("resources", new[] { "pod-monitors.yaml", "prometheus-rules.yaml", "dashboards.yaml", "network-policies.yaml" }))));
    }

    /// <summary>The runbook (docs/operations.md) in the repository Argo CD syncs from, at the revision it syncs.</summary>
    private static string Runbook(DeployTreeOptions options)
    {
        var repository = options.RepositoryUrl.EndsWith(".git", StringComparison.Ordinal) ? options.RepositoryUrl[..^4] : options.RepositoryUrl;
        return $"{repository}/blob/{options.TargetRevision}/docs/operations.md";
    }
}
