using static Ecommerce.Hosting.Kubernetes.Yaml;

// The documents are built once per publish: literal arrays read as the YAML sequences they become (CA1861 is about hot paths).
#pragma warning disable CA1861

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// Traces kept in Jaeger, as an optional kustomize component an overlay may add: Jaeger v2 (all in one, in memory)
/// receives every service's OTLP, keeps the traces, and passes traces, metrics and logs on to the Aspire dashboard,
/// which shows them as it does without the component.
/// </summary>
internal static class Jaeger
{
    public const string Folder = "components/jaeger";
    public const string Name = "jaeger";
    public const int OtlpPort = 4317;
    public const int UiPort = 16686;
    public const string Image = "jaegertracing/jaeger:2.10.0";

    /// <summary>Jaeger's own configuration: an OpenTelemetry Collector's, with Jaeger's storage and query extensions.</summary>
    private static readonly string Configuration = $$"""
        service:
          extensions: [jaeger_storage, jaeger_query]
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [jaeger_storage_exporter, otlp/dashboard]
            metrics:
              receivers: [otlp]
              processors: [batch]
              exporters: [otlp/dashboard]
            logs:
              receivers: [otlp]
              processors: [batch]
              exporters: [otlp/dashboard]
        extensions:
          jaeger_query:
            storage:
              traces: memstore
            http:
              endpoint: 0.0.0.0:{{UiPort}}
          jaeger_storage:
            backends:
              memstore:
                memory:
                  max_traces: 100000
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 0.0.0.0:{{OtlpPort}}
        processors:
          batch: {}
        exporters:
          jaeger_storage_exporter:
            trace_storage: memstore
          otlp/dashboard:
            endpoint: {{Dashboard.Name}}:{{Dashboard.OtlpPort}}
            tls:
              insecure: true
            headers:
              x-otlp-api-key: ${env:{{ManifestExpressions.VariableFor(Dashboard.OtlpApiKey)}}}

        """;

    public static IEnumerable<(string File, string Content)> Files(IReadOnlyCollection<string> projects, Workloads workloads)
    {
        var container = Map(
            ("name", Name),
            ("image", Image),
            ("args", new[] { "--config", "/etc/jaeger/config.yaml" }),
            ("ports", new[] { Map(("name", "otlp"), ("containerPort", OtlpPort)), Map(("name", "http"), ("containerPort", UiPort)) }),
            ("env", new object[] { workloads.SecretVariable(Dashboard.OtlpApiKey) }),
            ("readinessProbe", Map(("tcpSocket", Map(("port", "http"))), ("periodSeconds", 10))),
            ("livenessProbe", Map(("tcpSocket", Map(("port", "http"))), ("periodSeconds", 20))),
            // The traces live in memory: the limit is what bounds them, beside max_traces.
            ("resources", Workloads.Resources("50m", "256Mi", "1", "1Gi")),
            ("securityContext", Workloads.ContainerSecurity()),
            ("volumeMounts", new[] { Map(("name", "config"), ("mountPath", "/etc/jaeger")), Map(("name", "tmp"), ("mountPath", "/tmp")) }));

        yield return ("jaeger.yaml", WriteDocuments(
        [
            Map(("apiVersion", "v1"), ("kind", "ConfigMap"), ("metadata", Workloads.Metadata($"{Name}-config")), ("data", Map(("config.yaml", Configuration)))),
            // The image's user: a non-root uid of the base image Jaeger's own is built on.
            Workloads.Deployment(Name, Workloads.PodSpec(10001, [container],
            [
                Map(("name", "config"), ("configMap", Map(("name", $"{Name}-config")))),
                Map(("name", "tmp"), ("emptyDir", Map())),
            ]), replicas: 1),
            Workloads.Service(Name, ("otlp", OtlpPort), ("http", UiPort)),
            Map(
                ("apiVersion", "networking.k8s.io/v1"),
                ("kind", "NetworkPolicy"),
                ("metadata", Workloads.Metadata($"allow-to-{Name}")),
                ("spec", Map(
                    ("podSelector", Map(("matchLabels", Workloads.Labels(Name)))),
                    ("policyTypes", new[] { "Ingress" }),
                    ("ingress", new[]
                    {
                        Map(
                            ("from", new[] { Map(("podSelector", Map(("matchLabels", Map(("app.kubernetes.io/part-of", Workloads.PartOf)))))) }),
                            ("ports", new[] { Map(("protocol", "TCP"), ("port", OtlpPort)) })),
                    })))),
        ]));

        var endpoint = new[] { Map(("op", "replace"), ("path", "/data/OTEL_EXPORTER_OTLP_ENDPOINT"), ("value", $"http://{Name}:{OtlpPort}")) };
        yield return ("kustomization.yaml", Write(Map(
            ("apiVersion", "kustomize.config.k8s.io/v1alpha1"),
            ("kind", "Component"),
            ("resources", new[] { "jaeger.yaml" }),
            ("patches", projects.Order(StringComparer.Ordinal)
                .Select(project => Map(("target", Map(("kind", "ConfigMap"), ("name", $"{project}-config"))), ("patch", Write(endpoint))))
                .ToArray()))));
    }
}
