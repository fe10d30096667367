using System.Text.Json.Nodes;
using static Ecommerce.Hosting.Kubernetes.Yaml;

// The documents are built once per publish: literal arrays read as the YAML sequences they become (CA1861 is about hot paths).
#pragma warning disable CA1861

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// One resource of Aspire's manifest as Kubernetes objects: a project as a Deployment (probes, limits, hardening,
/// configuration in a ConfigMap, secrets from the Secret), a container with a volume as a StatefulSet, each behind a
/// Service.
/// </summary>
internal sealed class Workloads(ManifestExpressions expressions, DeployTreeOptions options)
{
    public const string PartOf = "ecommerce";

    /// <summary>The official PostgreSQL and Redis images, and .NET's chiseled images, run as these users.</summary>
    private const int DataStoreUser = 999;
    private const int DotnetAppUser = 1654;

    public static Dictionary<string, object?> Labels(string name) =>
        Map(("app.kubernetes.io/name", name), ("app.kubernetes.io/part-of", PartOf));

    public static Dictionary<string, object?> Metadata(string name, Dictionary<string, object?>? annotations = null) =>
        Map(("name", name), ("labels", Labels(name)), ("annotations", annotations));

    /// <summary>A project: its image, its manifest environment, the telemetry endpoint, and the platform's probes.</summary>
    public IEnumerable<(string File, object Document)> Project(string name, string image, JsonObject resource)
    {
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var composed = new List<object>();
        foreach (var (key, value) in resource["env"]?.AsObject() ?? [])
        {
            if (key.StartsWith("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", StringComparison.Ordinal))
            {
                continue;
            }

            var parameters = new HashSet<string>();
            if (expressions.Translate(value!.GetValue<string>(), parameters) is not { } translated)
            {
                continue;
            }

            if (parameters.Count == 0)
            {
                config[key] = translated;
            }
            else
            {
                secrets.UnionWith(parameters);
                composed.Add(Map(("name", key), ("value", translated)));
            }
        }

        config["OTEL_SERVICE_NAME"] = name;
        config["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://{Dashboard.Name}:{Dashboard.OtlpPort}";
        config["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        secrets.Add(Dashboard.OtlpApiKey);
        composed.Add(Map(("name", "OTEL_EXPORTER_OTLP_HEADERS"), ("value", $"x-otlp-api-key=$({ManifestExpressions.VariableFor(Dashboard.OtlpApiKey)})")));

        var env = secrets.Select(SecretVariable).Concat(composed).ToList();
        var container = Map(
            ("name", name),
            ("image", image),
            ("ports", new[] { Map(("name", "http"), ("containerPort", ManifestExpressions.ProjectPort)) }),
            ("envFrom", new[] { Map(("configMapRef", Map(("name", $"{name}-config")))) }),
            ("env", env),
            ("startupProbe", HttpProbe("/alive", periodSeconds: 2, failureThreshold: 60)),
            ("readinessProbe", HttpProbe("/health", periodSeconds: 10, failureThreshold: 3)),
            ("livenessProbe", HttpProbe("/alive", periodSeconds: 10, failureThreshold: 3)),
            ("resources", Resources("100m", "192Mi", "1", "384Mi")),
            ("securityContext", ContainerSecurity()),
            ("volumeMounts", new[] { Map(("name", "tmp"), ("mountPath", "/tmp")) }));

        yield return ("configmap.yaml", Map(
            ("apiVersion", "v1"), ("kind", "ConfigMap"), ("metadata", Metadata($"{name}-config")), ("data", config)));
        yield return ("deployment.yaml", Map(
            ("apiVersion", "apps/v1"),
            ("kind", "Deployment"),
            ("metadata", Metadata(name)),
            ("spec", Map(
                ("selector", Map(("matchLabels", Labels(name)))),
                ("template", Map(
                    ("metadata", Map(("labels", Labels(name)))),
                    ("spec", PodSpec(DotnetAppUser, [container], [Map(("name", "tmp"), ("emptyDir", Map()))]))))))));
        yield return ("service.yaml", Service(name, ("http", ManifestExpressions.ProjectPort)));
    }

    /// <summary>A container resource (PostgreSQL, Redis): a StatefulSet with a claim for each of its volumes.</summary>
    public IEnumerable<(string File, object Document)> Container(string name, JsonObject resource)
    {
        var port = expressions.PortOf(name);
        var env = new List<object>();
        var composed = new List<object>();
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in resource["env"]?.AsObject() ?? [])
        {
            var parameters = new HashSet<string>();
            var translated = expressions.Translate(value!.GetValue<string>(), parameters)!;
            if (parameters.Count == 1 && translated == $"$({ManifestExpressions.VariableFor(parameters.First())})")
            {
                env.Add(SecretVariable(parameters.First(), key));
            }
            else
            {
                secrets.UnionWith(parameters);
                composed.Add(Map(("name", key), ("value", translated)));
            }
        }

        env.InsertRange(0, secrets.Select(SecretVariable));
        env.AddRange(composed);
        var volumes = (resource["volumes"]?.AsArray() ?? []).Select((v, i) => (Name: $"data-{i}", Target: v!["target"]!.GetValue<string>())).ToList();
        // A read-only root filesystem leaves the image's writable places to emptyDirs: PostgreSQL's socket folder too.
        var image = resource["image"]!.GetValue<string>();
        var scratch = new List<(string, string)> { ("tmp", "/tmp") };
        if (image.Contains("postgres", StringComparison.Ordinal))
        {
            scratch.Add(("run", "/var/run/postgresql"));
        }

        if (volumes.Count == 0)
        {
            scratch.Add(("data", "/data"));
        }

        var container = Map(
            ("name", name),
            ("image", image),
            ("command", resource["entrypoint"] is { } entrypoint ? new[] { entrypoint.GetValue<string>() } : null),
            ("args", resource["args"]?.AsArray().Select(a => a!.GetValue<string>()).ToArray()),
            ("ports", new[] { Map(("name", "tcp"), ("containerPort", port)) }),
            ("env", env),
            ("readinessProbe", Map(("tcpSocket", Map(("port", "tcp"))), ("periodSeconds", 5))),
            ("livenessProbe", Map(("tcpSocket", Map(("port", "tcp"))), ("periodSeconds", 10), ("failureThreshold", 6))),
            ("resources", Resources("100m", "256Mi", "1", "512Mi")),
            ("securityContext", ContainerSecurity()),
            ("volumeMounts", volumes.Select(v => Map(("name", v.Name), ("mountPath", v.Target)))
                .Concat(scratch.Select(s => Map(("name", s.Item1), ("mountPath", s.Item2)))).ToArray()));

        yield return ("statefulset.yaml", Map(
            ("apiVersion", "apps/v1"),
            ("kind", "StatefulSet"),
            ("metadata", Metadata(name)),
            ("spec", Map(
                ("serviceName", name),
                ("replicas", 1),
                ("selector", Map(("matchLabels", Labels(name)))),
                ("template", Map(
                    ("metadata", Map(("labels", Labels(name)))),
                    ("spec", PodSpec(DataStoreUser, [container], scratch.Select(s => Map(("name", s.Item1), ("emptyDir", Map()))).ToArray())))),
                ("volumeClaimTemplates", volumes.Count == 0 ? null : volumes.Select(v => Map(
                    ("metadata", Map(("name", v.Name))),
                    ("spec", Map(
                        ("accessModes", new[] { "ReadWriteOnce" }),
                        ("resources", Map(("requests", Map(("storage", "1Gi"))))))))).ToArray())))));
        yield return ("service.yaml", Service(name, ("tcp", port)));
    }

    /// <summary>A Service in front of the pods, each port by the name its container gives it.</summary>
    public static Dictionary<string, object?> Service(string name, params (string Name, int Port)[] ports) => Map(
        ("apiVersion", "v1"),
        ("kind", "Service"),
        ("metadata", Metadata(name)),
        ("spec", Map(
            ("selector", Labels(name)),
            ("ports", ports.Select(port => Map(("name", port.Name), ("port", port.Port), ("targetPort", port.Name))).ToArray()))));

    public static Dictionary<string, object?> PodSpec(int user, object[] containers, object[] volumes) => Map(
        ("automountServiceAccountToken", false),
        ("securityContext", Map(
            ("runAsNonRoot", true), ("runAsUser", user), ("runAsGroup", user), ("fsGroup", user),
            ("seccompProfile", Map(("type", "RuntimeDefault"))))),
        ("containers", containers),
        ("volumes", volumes));

    public static Dictionary<string, object?> ContainerSecurity() => Map(
        ("allowPrivilegeEscalation", false),
        ("readOnlyRootFilesystem", true),
        ("capabilities", Map(("drop", new[] { "ALL" }))));

    public static Dictionary<string, object?> Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => Map(
        ("requests", Map(("cpu", cpuRequest), ("memory", memoryRequest))),
        ("limits", Map(("cpu", cpuLimit), ("memory", memoryLimit))));

    /// <summary>An environment variable read from the operator's Secret; the key is the parameter's name in the app model.</summary>
    public Dictionary<string, object?> SecretVariable(string parameter) => SecretVariable(parameter, ManifestExpressions.VariableFor(parameter));

    private Dictionary<string, object?> SecretVariable(string parameter, string variable) => Map(
        ("name", variable),
        ("valueFrom", Map(("secretKeyRef", Map(("name", options.SecretName), ("key", parameter))))));

    private static Dictionary<string, object?> HttpProbe(string path, int periodSeconds, int failureThreshold) => Map(
        ("httpGet", Map(("path", path), ("port", "http"))),
        ("periodSeconds", periodSeconds),
        ("timeoutSeconds", 3),
        ("failureThreshold", failureThreshold));
}
