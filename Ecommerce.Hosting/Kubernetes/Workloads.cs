using System.Text.Json.Nodes;
using Aspire.Hosting;
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

    /// <summary>The ConfigMap in which each environment's overlay says its public host name.</summary>
    public const string PublicConfigMap = "ecommerce-public";

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
        var telemetryHeaders = ("OTEL_EXPORTER_OTLP_HEADERS", $"x-otlp-api-key=$({ManifestExpressions.VariableFor(Dashboard.OtlpApiKey)})",
            (IReadOnlySet<string>)new HashSet<string> { Dashboard.OtlpApiKey });
        var (config, env) = Split(Translated(resource)
            .Where(variable => !variable.Key.StartsWith("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", StringComparison.Ordinal))
            .Append(telemetryHeaders));
        config["OTEL_SERVICE_NAME"] = name;
        config["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://{Dashboard.Name}:{Dashboard.OtlpPort}";
        config["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";

        var container = Map(
            ("name", name),
            ("image", image),
            ("ports", new[]
            {
                Map(("name", "http"), ("containerPort", ManifestExpressions.ProjectPort)),
                Map(("name", MetricsEndpointExtensions.EndpointName), ("containerPort", ManifestExpressions.MetricsPort)),
            }),
            ("envFrom", new[] { Map(("configMapRef", Map(("name", $"{name}-config")))) }),
            ("env", env),
            ("startupProbe", HttpProbe("/alive", periodSeconds: 2, failureThreshold: 60)),
            ("readinessProbe", HttpProbe("/health", periodSeconds: 10, failureThreshold: 3)),
            ("livenessProbe", HttpProbe("/alive", periodSeconds: 10, failureThreshold: 3)),
            // A service under load holds ~185-225 MiB resident (eng/bench; docs/operations.md's Memory paragraph says of what).
            ("resources", Resources("100m", "256Mi", "1", "384Mi")),
            ("securityContext", ContainerSecurity()),
            ("volumeMounts", new[] { Map(("name", "tmp"), ("mountPath", "/tmp")) }));

        yield return ("configmap.yaml", Map(
            ("apiVersion", "v1"), ("kind", "ConfigMap"), ("metadata", Metadata($"{name}-config")), ("data", config)));
        // No replica count in git: the autoscaler owns it, and Argo CD never fights it.
        yield return ("deployment.yaml", Deployment(name, PodSpec(DotnetAppUser, [container], [Map(("name", "tmp"), ("emptyDir", Map()))])));
        yield return ("service.yaml", Service(name, ("http", ManifestExpressions.ProjectPort), (MetricsEndpointExtensions.EndpointName, ManifestExpressions.MetricsPort)));
    }

    /// <summary>A container resource (PostgreSQL, Redis): a StatefulSet with a claim for each of its volumes.</summary>
    public IEnumerable<(string File, object Document)> Container(string name, JsonObject resource)
    {
        var port = expressions.PortOf(name);
        var (plain, fromSecret) = Split(Translated(resource));
        var env = plain.Select(variable => (object)Map(("name", variable.Key), ("value", variable.Value))).Concat(fromSecret).ToList();
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

    /// <summary>A resource's manifest environment in the cluster's terms, with the inputs (secret parameters, the public host name) each value reads.</summary>
    private IEnumerable<(string Key, string Value, IReadOnlySet<string> Inputs)> Translated(JsonObject resource)
    {
        foreach (var (key, value) in resource["env"]?.AsObject() ?? [])
        {
            var inputs = new HashSet<string>();
            if (expressions.Translate(value!.GetValue<string>(), inputs) is { } translated)
            {
                yield return (key, translated, inputs);
            }
        }
    }

    /// <summary>
    /// Plain values, and the variables that need an input: one that is a secret is read straight from the Secret; one
    /// that embeds inputs is composed from <c>$(VARIABLES)</c> read first (Kubernetes expands only earlier ones).
    /// </summary>
    private (SortedDictionary<string, string> Plain, List<object> FromInputs) Split(IEnumerable<(string Key, string Value, IReadOnlySet<string> Inputs)> variables)
    {
        var plain = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var direct = new List<object>();
        var read = new SortedSet<string>(StringComparer.Ordinal);
        var composed = new List<object>();
        foreach (var (key, value, inputs) in variables)
        {
            if (inputs.Count == 0)
            {
                plain[key] = value;
            }
            else if (inputs.Count == 1 && value == $"$({ManifestExpressions.VariableFor(inputs.First())})" && inputs.First() != ManifestExpressions.PublicHostname)
            {
                direct.Add(SecretVariable(inputs.First(), key));
            }
            else
            {
                read.UnionWith(inputs);
                composed.Add(Map(("name", key), ("value", value)));
            }
        }

        return (plain, [.. read.Select(InputVariable), .. direct, .. composed]);
    }

    /// <summary>A Service in front of the pods, each port by the name its container gives it.</summary>
    public static Dictionary<string, object?> Service(string name, params (string Name, int Port)[] ports) => Map(
        ("apiVersion", "v1"),
        ("kind", "Service"),
        ("metadata", Metadata(name)),
        ("spec", Map(
            ("selector", Labels(name)),
            ("ports", ports.Select(port => Map(("name", port.Name), ("port", port.Port), ("targetPort", port.Name))).ToArray()))));

    /// <summary>A Deployment of the pods <paramref name="podSpec"/> describes, with a fixed replica count when one is given.</summary>
    public static Dictionary<string, object?> Deployment(string name, Dictionary<string, object?> podSpec, int? replicas = null)
    {
        (string, object?)[] selection =
        [
            ("selector", Map(("matchLabels", Labels(name)))),
            ("template", Map(("metadata", Map(("labels", Labels(name)))), ("spec", podSpec))),
        ];
        return Map(
            ("apiVersion", "apps/v1"),
            ("kind", "Deployment"),
            ("metadata", Metadata(name)),
            ("spec", Map(replicas is { } count ? [("replicas", count), .. selection] : selection)));
    }

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

    /// <summary>The environment's public host name, from the ConfigMap each overlay makes (<see cref="PublicConfigMap"/>), or a secret.</summary>
    private Dictionary<string, object?> InputVariable(string input) => input == ManifestExpressions.PublicHostname
        ? Map(("name", ManifestExpressions.PublicHostname), ("valueFrom", Map(("configMapKeyRef", Map(("name", PublicConfigMap), ("key", "hostname"))))))
        : SecretVariable(input);

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
