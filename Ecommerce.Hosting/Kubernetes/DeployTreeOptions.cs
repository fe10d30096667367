namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// What the deploy tree needs beyond the app model: where git and the images live, and the environments. Read from
/// the AppHost's <c>Deploy</c> configuration section: its appsettings.json, and its command line
/// (<c>--Deploy:ImageTag 2.0.0</c>), which wins.
/// </summary>
public sealed class DeployTreeOptions
{
    /// <summary>The git repository Argo CD syncs from: this repository.</summary>
    public string RepositoryUrl { get; set; } = "";

    /// <summary>The branch (or tag) of that repository each Application syncs.</summary>
    public string TargetRevision { get; set; } = "main";

    /// <summary>
    /// Where the cluster pulls the services' images from: a registry host and, optionally, a namespace in it
    /// (<c>ghcr.io/owner</c>). Unset, the ImageRegistry the AppHost was built with (Directory.Build.props).
    /// </summary>
    public string? ImageRegistry { get; set; }

    /// <summary>The tag of every service's image. Unset, the ContainerImageTag the AppHost was built with (Directory.Build.props).</summary>
    public string? ImageTag { get; set; }

    /// <summary>The name of the Secret, created in each namespace by the operator, that holds every secret value.</summary>
    public string SecretName { get; set; } = "ecommerce-secrets";

    /// <summary>The namespace Emissary-Ingress runs in, the one the services' NetworkPolicies let its pods in from.</summary>
    public string IngressNamespace { get; set; } = "emissary";

    /// <summary>Where Prometheus runs and how the Prometheus Operator picks up the monitoring component's objects.</summary>
    public MonitoringOptions Monitoring { get; set; } = new();

    /// <summary>Each environment's namespace and the host name Emissary answers for it.</summary>
    public Dictionary<string, DeployEnvironment> Environments { get; set; } = [];
}

public sealed class MonitoringOptions
{
    /// <summary>The namespace Prometheus runs in (kube-prometheus-stack's), the one the metrics ports let its pods in from.</summary>
    public string Namespace { get; set; } = "monitoring";

    /// <summary>
    /// Labels every PodMonitor and PrometheusRule carries: the ones the Prometheus resource selects them by
    /// (kube-prometheus-stack selects its release's label unless told otherwise).
    /// </summary>
    public Dictionary<string, string> Labels { get; set; } = new() { ["release"] = "kube-prometheus-stack" };

    /// <summary>How often Prometheus scrapes each pod.</summary>
    public string ScrapeInterval { get; set; } = "15s";
}

public sealed class DeployEnvironment
{
    public string Namespace { get; set; } = "";

    public string Hostname { get; set; } = "*";

    /// <summary>Settings of this environment only, by service: each is added to that service's ConfigMap (stricter limits in production, say).</summary>
    public Dictionary<string, Dictionary<string, string>> Configuration { get; set; } = [];
}
