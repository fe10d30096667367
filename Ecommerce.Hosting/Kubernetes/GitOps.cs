using System.Globalization;
using Ecommerce.Hosting.Gateway;
using static Ecommerce.Hosting.Kubernetes.Yaml;

// The documents are built once per publish: literal arrays read as the YAML sequences they become (CA1861 is about hot paths).
#pragma warning disable CA1861

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>The Emissary-Ingress routing (from the gateway's route table) and the Argo CD objects that sync the tree.</summary>
internal static class GitOps
{
    private const string EmissaryApi = "getambassador.io/v3alpha1";
    private const string ArgoApi = "argoproj.io/v1alpha1";
    private const string Project = "ecommerce";

    /// <summary>
    /// Emissary's objects are applied after its CRDs and its webhook exist: a later sync wave, and no dry run while
    /// the CRD is still missing.
    /// </summary>
    private static Dictionary<string, object?> AfterCrds() => Map(
        ("argocd.argoproj.io/sync-wave", "1"),
        ("argocd.argoproj.io/sync-options", "SkipDryRunOnMissingResource=true"));

    public static IEnumerable<object> Emissary(IEnumerable<GatewayRouteAnnotation> routes, ManifestExpressions expressions)
    {
        yield return Map(
            ("apiVersion", EmissaryApi),
            ("kind", "Listener"),
            ("metadata", Workloads.Metadata("ecommerce-http", AfterCrds())),
            ("spec", Map(
                ("port", 8080),
                ("protocol", "HTTP"),
                ("securityModel", "XFP"),
                ("hostBinding", Map(("namespace", Map(("from", "SELF"))))))));
        yield return Map(
            ("apiVersion", EmissaryApi),
            ("kind", "Host"),
            ("metadata", Workloads.Metadata("ecommerce", AfterCrds())),
            ("spec", Map(
                ("hostname", "*"),
                ("requestPolicy", Map(("insecure", Map(("action", "Route"))))))));

        foreach (var route in routes)
        {
            var service = route.Target.Name;
            yield return Map(
                ("apiVersion", EmissaryApi),
                ("kind", "Mapping"),
                ("metadata", Workloads.Metadata(route.RouteId, AfterCrds())),
                ("spec", Map(
                    ("hostname", "*"),
                    ("prefix", route.PathPrefix),
                    // The default rewrite is "/", which would strip the prefix: the services expect the whole path.
                    ("rewrite", route.PathPrefix),
                    ("service", $"{service}:{expressions.PortOf(service).ToString(CultureInfo.InvariantCulture)}"),
                    ("timeout_ms", (int)route.Timeout.TotalMilliseconds),
                    // Only a connection that never reached the service is retried: a POST that timed out may have been applied.
                    ("retry_policy", Map(("retry_on", "connect-failure"), ("num_retries", 2))))));
        }
    }

    public static IEnumerable<(string File, object Document)> ArgoCd(DeployTreeOptions options)
    {
        yield return ("project.yaml", Map(
            ("apiVersion", ArgoApi),
            ("kind", "AppProject"),
            ("metadata", Map(("name", Project), ("namespace", "argocd"))),
            ("spec", Map(
                ("description", "The e-commerce platform, synced from its own repository only."),
                ("sourceRepos", new[] { options.RepositoryUrl }),
                ("destinations", options.Environments.Values.Select(e => Map(("server", "https://kubernetes.default.svc"), ("namespace", e.Namespace))).ToArray()),
                ("clusterResourceWhitelist", new[] { Map(("group", ""), ("kind", "Namespace")) }),
                ("namespaceResourceWhitelist", new[] { Map(("group", "*"), ("kind", "*")) })))));

        foreach (var (environment, settings) in options.Environments)
        {
            yield return ($"application-{environment}.yaml", Map(
                ("apiVersion", ArgoApi),
                ("kind", "Application"),
                ("metadata", Map(("name", $"ecommerce-{environment}"), ("namespace", "argocd"))),
                ("spec", Map(
                    ("project", Project),
                    ("source", Map(
                        ("repoURL", options.RepositoryUrl),
                        ("targetRevision", options.TargetRevision),
                        ("path", $"deploy/kubernetes/overlays/{environment}"))),
                    ("destination", Map(("server", "https://kubernetes.default.svc"), ("namespace", settings.Namespace))),
                    ("syncPolicy", Map(
                        ("automated", Map(("prune", true), ("selfHeal", true))),
                        ("syncOptions", new[] { "CreateNamespace=true" }),
                        ("retry", Map(
                            ("limit", 5),
                            ("backoff", Map(("duration", "5s"), ("factor", 2), ("maxDuration", "3m")))))))))));
        }
    }
}
