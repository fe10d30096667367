using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.Gateway;
using static Ecommerce.Hosting.Kubernetes.Yaml;

// The documents are built once per publish: literal arrays read as the YAML sequences they become (CA1861 is about hot paths).
#pragma warning disable CA1861

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// Who may open a connection to whom, as a kustomize component the overlays include: every ingress is denied, then
/// each real edge is allowed on its one port. The edges are the app model's: a reference (<c>WithReference</c>) is
/// a caller, a database's caller calls its server, a gateway route's target is called by Emissary (which takes the
/// local gateway's place), and every service sends telemetry to the dashboard's OTLP port. A NetworkPolicy cannot
/// tell paths apart, which is why <c>/inventory</c> still needs a token.
/// </summary>
internal static class NetworkPolicies
{
    public const string Folder = "components/network-policies";

    /// <summary>The label Emissary-Ingress's Helm chart gives its pods.</summary>
    private static readonly Dictionary<string, object?> EmissaryPods = Map(("app.kubernetes.io/name", "emissary-ingress"));

    public static IEnumerable<(string File, string Content)> Files(
        DistributedApplicationModel model, IResource gateway, IReadOnlyCollection<string> deployed, ManifestExpressions expressions, DeployTreeOptions options)
    {
        var policies = new List<object>
        {
            Map(
                ("apiVersion", "networking.k8s.io/v1"),
                ("kind", "NetworkPolicy"),
                ("metadata", Workloads.Metadata("default-deny-ingress")),
                ("spec", Map(("podSelector", Map()), ("policyTypes", new[] { "Ingress" })))),
        };

        var routed = gateway.Annotations.OfType<GatewayRouteAnnotation>().Select(route => route.Target.Name).ToHashSet();
        foreach (var target in deployed.Where(name => name != Dashboard.Name))
        {
            var callers = Callers(model, target, deployed);
            var peers = callers.Select(caller => (object)Map(("podSelector", Map(("matchLabels", Workloads.Labels(caller)))))).ToList();
            if (routed.Contains(target))
            {
                peers.Add(Map(
                    ("namespaceSelector", Map(("matchLabels", Map(("kubernetes.io/metadata.name", options.IngressNamespace))))),
                    ("podSelector", Map(("matchLabels", EmissaryPods)))));
            }

            if (peers.Count > 0)
            {
                policies.Add(Allow(target, peers, expressions.PortOf(target)));
            }
        }

        policies.Add(Allow(Dashboard.Name, [Map(("podSelector", Map(("matchLabels", Map(("app.kubernetes.io/part-of", Workloads.PartOf))))))], Dashboard.OtlpPort));

        yield return ("network-policies.yaml", WriteDocuments(policies));
        yield return ("kustomization.yaml", Write(Map(
            ("apiVersion", "kustomize.config.k8s.io/v1alpha1"),
            ("kind", "Component"),
            ("resources", new[] { "network-policies.yaml" }))));
    }

    /// <summary>The deployed resources that reference <paramref name="target"/> or one of its children (a server's databases).</summary>
    private static IEnumerable<string> Callers(DistributedApplicationModel model, string target, IReadOnlyCollection<string> deployed) =>
        model.Resources
            .Where(caller => deployed.Contains(caller.Name) && caller.Name != target)
            .Where(caller => caller.Annotations.OfType<ResourceRelationshipAnnotation>()
                .Any(relationship => relationship.Type == "Reference" && DeployedAs(relationship.Resource) == target))
            .Select(caller => caller.Name)
            .Order(StringComparer.Ordinal);

    private static string DeployedAs(IResource resource) => resource is IResourceWithParent child ? DeployedAs(child.Parent) : resource.Name;

    private static Dictionary<string, object?> Allow(string target, IEnumerable<object> peers, int port) => Map(
        ("apiVersion", "networking.k8s.io/v1"),
        ("kind", "NetworkPolicy"),
        ("metadata", Workloads.Metadata($"allow-to-{target}")),
        ("spec", Map(
            ("podSelector", Map(("matchLabels", Workloads.Labels(target)))),
            ("policyTypes", new[] { "Ingress" }),
            ("ingress", new[] { Map(("from", peers.ToArray()), ("ports", new[] { Map(("protocol", "TCP"), ("port", port)) })) }))));
}
