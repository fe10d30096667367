using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.Gateway;
using static Ecommerce.Hosting.Kubernetes.Yaml;

// The documents are built once per publish: literal arrays read as the YAML sequences they become (CA1861 is about hot paths).
#pragma warning disable CA1861

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// The GitOps tree under <c>deploy/</c>, made from Aspire's manifest and what the manifest does not carry (replicas,
/// the gateway's routes): kustomize base and overlays, Emissary's routing and Argo CD's applications. The local
/// gateway project is not deployed: Emissary takes its place, from the same route table.
/// </summary>
internal static class DeployTree
{
    public static readonly string[] Folders = ["kubernetes", "emissary", "argocd"];

    public static Dictionary<string, string> Files(JsonObject manifest, DistributedApplicationModel model, DeployTreeOptions options, ContainerImages images)
    {
        var resources = manifest["resources"]!.AsObject();
        var gateway = model.Resources.Single(r => r.Annotations.OfType<GatewayRouteAnnotation>().Any());
        var expressions = new ManifestExpressions(resources, gateway.Name);
        var workloads = new Workloads(expressions, options);
        var files = new Dictionary<string, string>();
        var folders = new List<string>();
        var projects = new List<(string Name, int Replicas)>();

        void Folder(string name, IEnumerable<(string File, object Document)> objects)
        {
            var list = objects.ToList();
            foreach (var (file, document) in list)
            {
                files[$"kubernetes/base/{name}/{file}"] = Write(document);
            }

            files[$"kubernetes/base/{name}/kustomization.yaml"] = Write(Kustomization(("resources", list.Select(o => o.File).ToArray())));
            folders.Add(name);
        }

        foreach (var (name, node) in resources)
        {
            var resource = node!.AsObject();
            switch (resource["type"]?.GetValue<string>())
            {
                case "project.v0" or "project.v1" when name != gateway.Name:
                    var project = model.Resources.OfType<ProjectResource>().Single(r => r.Name == name);
                    Folder(name, workloads.Project(name, images.For(project), resource));
                    projects.Add((name, project.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1));
                    break;
                case "container.v0" or "container.v1":
                    Folder(name, workloads.Container(name, resource));
                    break;
            }
        }

        Folder(Dashboard.Name, Dashboard.Objects(workloads));
        files["kubernetes/base/kustomization.yaml"] = Write(Kustomization(
            ("labels", new[] { Map(("pairs", Map(("app.kubernetes.io/part-of", Workloads.PartOf))), ("includeSelectors", false)) }),
            ("resources", folders.ToArray())));

        foreach (var (file, content) in NetworkPolicies.Files(model, gateway, folders, expressions, options))
        {
            files[$"kubernetes/{NetworkPolicies.Folder}/{file}"] = content;
        }

        foreach (var (file, content) in Monitoring.Files(projects.Select(p => p.Name).ToList(), options))
        {
            files[$"kubernetes/{Monitoring.Folder}/{file}"] = content;
        }

        foreach (var (file, content) in Jaeger.Files(projects.Select(p => p.Name).ToList(), workloads))
        {
            files[$"kubernetes/{Jaeger.Folder}/{file}"] = content;
        }

        var routes = gateway.Annotations.OfType<GatewayRouteAnnotation>().ToList();
        files["emissary/emissary.yaml"] = WriteDocuments(GitOps.Emissary(routes, expressions));
        files["emissary/kustomization.yaml"] = Write(Kustomization(("resources", new[] { "emissary.yaml" })));

        foreach (var (environment, settings) in options.Environments)
        {
            foreach (var (file, content) in Overlay(environment, settings, projects))
            {
                files[$"kubernetes/overlays/{environment}/{file}"] = content;
            }
        }

        foreach (var (file, document) in GitOps.ArgoCd(options))
        {
            files[$"argocd/{file}"] = Write(document);
        }

        return files;
    }

    /// <summary>
    /// <c>dev</c>: one replica each and small requests. Any other environment runs production-like: the replica count
    /// of the app model as the floor of a HorizontalPodAutoscaler (no <c>replicas</c> in git, so Argo CD and the
    /// autoscaler never fight), a PodDisruptionBudget, and pods spread across nodes.
    /// </summary>
    private static IEnumerable<(string File, string Content)> Overlay(string environment, DeployEnvironment settings, List<(string Name, int Replicas)> projects)
    {
        var hostname = new[] { Map(("op", "replace"), ("path", "/spec/hostname"), ("value", settings.Hostname)) };
        var patches = new List<object>
        {
            Map(("target", Map(("group", "getambassador.io"), ("kind", "Mapping"))), ("patch", Write(hostname))),
            Map(("target", Map(("group", "getambassador.io"), ("kind", "Host"))), ("patch", Write(hostname))),
        };

        foreach (var (service, values) in settings.Configuration.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var additions = values.OrderBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => Map(("op", "add"), ("path", $"/data/{v.Key}"), ("value", v.Value))).ToArray();
            patches.Add(Map(("target", Map(("kind", "ConfigMap"), ("name", $"{service}-config"))), ("patch", Write(additions))));
        }

        // What the pods of this environment compose its public URL from (the issuer, the redirect URIs).
        yield return ("public.yaml", Write(Map(
            ("apiVersion", "v1"),
            ("kind", "ConfigMap"),
            ("metadata", Workloads.Metadata(Workloads.PublicConfigMap)),
            ("data", Map(("hostname", settings.Hostname))))));

        if (environment == "dev")
        {
            var small = new[] { Map(("op", "replace"), ("path", "/spec/template/spec/containers/0/resources/requests"), ("value", Map(("cpu", "25m"), ("memory", "128Mi")))) };
            patches.Add(Map(("target", Map(("kind", "Deployment"))), ("patch", Write(small))));
            yield return ("kustomization.yaml", Write(Kustomization(
                ("namespace", settings.Namespace),
                ("resources", new[] { "../../base", "../../../emissary", "public.yaml" }),
                ("components", Components),
                ("replicas", projects.Select(p => Map(("name", p.Name), ("count", 1))).ToArray()),
                ("patches", patches.ToArray()))));
            yield break;
        }

        foreach (var (name, _) in projects)
        {
            var spread = new[]
            {
                Map(("op", "add"), ("path", "/spec/template/spec/topologySpreadConstraints"), ("value", new[]
                {
                    Map(("maxSkew", 1), ("topologyKey", "kubernetes.io/hostname"), ("whenUnsatisfiable", "ScheduleAnyway"),
                        ("labelSelector", Map(("matchLabels", Workloads.Labels(name))))),
                    Map(("maxSkew", 1), ("topologyKey", "topology.kubernetes.io/zone"), ("whenUnsatisfiable", "ScheduleAnyway"),
                        ("labelSelector", Map(("matchLabels", Workloads.Labels(name))))),
                })),
            };
            patches.Add(Map(("target", Map(("kind", "Deployment"), ("name", name))), ("patch", Write(spread))));
        }

        yield return ("autoscaling.yaml", WriteDocuments(projects.SelectMany(p => new object[]
        {
            Map(
                ("apiVersion", "autoscaling/v2"),
                ("kind", "HorizontalPodAutoscaler"),
                ("metadata", Workloads.Metadata(p.Name)),
                ("spec", Map(
                    ("scaleTargetRef", Map(("apiVersion", "apps/v1"), ("kind", "Deployment"), ("name", p.Name))),
                    ("minReplicas", Math.Max(p.Replicas, 2)),
                    ("maxReplicas", Math.Max(p.Replicas, 2) * 4),
                    ("metrics", new[]
                    {
                        Map(("type", "Resource"), ("resource", Map(("name", "cpu"), ("target", Map(("type", "Utilization"), ("averageUtilization", 70)))))),
                    })))),
            Map(
                ("apiVersion", "policy/v1"),
                ("kind", "PodDisruptionBudget"),
                ("metadata", Workloads.Metadata(p.Name)),
                ("spec", Map(("minAvailable", 1), ("selector", Map(("matchLabels", Workloads.Labels(p.Name))))))),
        })));
        yield return ("kustomization.yaml", Write(Kustomization(
            ("namespace", settings.Namespace),
            ("resources", new[] { "../../base", "../../../emissary", "public.yaml", "autoscaling.yaml" }),
            ("components", Components),
            ("patches", patches.ToArray()))));
    }

    private static readonly string[] Components = [$"../../{NetworkPolicies.Folder}", $"../../{Monitoring.Folder}"];

    private static Dictionary<string, object?> Kustomization(params (string Key, object? Value)[] entries) =>
        Map([("apiVersion", "kustomize.config.k8s.io/v1beta1"), ("kind", "Kustomization"), .. entries]);
}
