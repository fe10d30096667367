using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>
/// deploy/, the GitOps source of truth: exactly what the app model publishes, buildable by kustomize, valid for every
/// kind, hardened, free of secrets, and routing exactly the local gateway's routes.
/// </summary>
public class DeployTreeTests
{
    private static readonly CrdSchemas Crds = new("emissary-crds.yaml", "argocd-application-crd.yaml", "prometheus-operator-crds.yaml");

    /// <summary>The resource types Aspirate's last release reads; any other it skips, breaking the placeholders that name it.</summary>
    private static readonly string[] AspirateTypes = ["container.v0", "container.v1", "dockerfile.v0", "parameter.v0", "project.v0", "project.v1", "value.v0"];

    [Fact]
    public async Task The_committed_tree_is_exactly_what_the_app_model_publishes()
    {
        var output = Path.Combine(DeployFolder.Repository, ".deploy-check");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        try
        {
            await DeployFolder.GenerateAsync(output);

            var generated = Files(output);
            var committed = Files(DeployFolder.Committed);
            Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
            var differing = generated.Where(file => file.Value != committed[file.Key]).Select(file => file.Key).ToList();
            Assert.True(differing.Count == 0,
                $"deploy/ is not what the AppHost publishes; regenerate it (docs/deployment.md): {string.Join(", ", differing)}");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_overlay_builds_and_every_object_is_valid_for_its_kind(string overlay)
    {
        var yaml = await DeployFolder.BuildOverlayTextAsync(overlay);
        var documents = YamlDocuments.Parse(yaml);

        var (valid, report) = await DeployFolder.ValidateKubernetesKindsAsync(yaml);
        Assert.True(valid, report);
        Assert.Equal(documents.Count, report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Contains(documents, d => Kind(d) == "Deployment");
        Assert.Contains(documents, d => Kind(d) == "Mapping");
        Assert.Contains(documents, d => Kind(d) == "PodMonitor");
        Assert.Contains(documents, d => Kind(d) == "PrometheusRule");
        var problems = documents.Where(d => d["apiVersion"]!.GetValue<string>() is var version &&
                (version.Contains("getambassador.io", StringComparison.Ordinal) || version.Contains("monitoring.coreos.com", StringComparison.Ordinal)))
            .Select(d => (Name: Name(d), Problems: Crds.Problems(d))).Where(p => p.Problems is not null).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.All(documents, d => Assert.Equal(overlay == "dev" ? "ecommerce-dev" : "ecommerce-prod", d["metadata"]!["namespace"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_workload_has_probes_limits_and_a_hardened_security_context(string overlay)
    {
        var workloads = (await DeployFolder.BuildOverlayAsync(overlay)).Where(d => Kind(d) is "Deployment" or "StatefulSet").ToList();

        Assert.Equal(8, workloads.Count);
        foreach (var workload in workloads)
        {
            var pod = workload["spec"]!["template"]!["spec"]!;
            Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>(), Name(workload));
            Assert.False(pod["automountServiceAccountToken"]!.GetValue<bool>(), Name(workload));
            var tmp = pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "tmp");
            Assert.NotNull(tmp!["emptyDir"]);
            foreach (var container in pod["containers"]!.AsArray().Select(c => c!))
            {
                var where = $"{Name(workload)}/{container["name"]}";
                Assert.True(container["readinessProbe"] is JsonObject && container["livenessProbe"] is JsonObject, $"{where} has no probes");
                foreach (var (kind, resource) in new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory") })
                {
                    Assert.True(container["resources"]?[kind]?[resource] is not null, $"{where} has no {kind}.{resource}");
                }

                var security = container["securityContext"]!;
                Assert.False(security["allowPrivilegeEscalation"]!.GetValue<bool>(), where);
                Assert.True(security["readOnlyRootFilesystem"]!.GetValue<bool>(), where);
                Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
                Assert.Contains(container["volumeMounts"]!.AsArray(), m => m!["mountPath"]!.GetValue<string>() == "/tmp");
            }
        }

        var services = workloads.Where(w => Kind(w) == "Deployment" && Name(w) != "aspire-dashboard").ToList();
        Assert.All(services, s => Assert.Equal("/health", s["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>()));
        Assert.All(services, s => Assert.Equal("/alive", s["spec"]!["template"]!["spec"]!["containers"]![0]!["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Prod_scales_with_autoscalers_and_disruption_budgets_and_keeps_replicas_out_of_git()
    {
        var documents = await DeployFolder.BuildOverlayAsync("prod");

        var services = new[] { "products", "carts", "orders", "identity" };
        foreach (var service in services)
        {
            var deployment = documents.Single(d => Kind(d) == "Deployment" && Name(d) == service);
            Assert.Null(deployment["spec"]!["replicas"]);
            Assert.NotNull(deployment["spec"]!["template"]!["spec"]!["topologySpreadConstraints"]);
            var autoscaler = documents.Single(d => Kind(d) == "HorizontalPodAutoscaler" && Name(d) == service);
            Assert.Equal(2, autoscaler["spec"]!["minReplicas"]!.GetValue<long>());
            Assert.Contains(documents, d => Kind(d) == "PodDisruptionBudget" && Name(d) == service);
        }

        var dev = await DeployFolder.BuildOverlayAsync("dev");
        Assert.All(dev.Where(d => Kind(d) == "Deployment"), d => Assert.Equal(1, d["spec"]!["replicas"]!.GetValue<long>()));
        Assert.DoesNotContain(dev, d => Kind(d) == "HorizontalPodAutoscaler");
    }

    [Theory]
    [InlineData("products", "Products.Api")]
    [InlineData("carts", "Carts.Api")]
    [InlineData("orders", "Orders.Api")]
    [InlineData("identity", "Identity.Api")]
    public async Task Each_service_runs_the_image_its_project_publishes(string service, string project)
    {
        var properties = await DeployFolder.MsBuildPropertiesAsync(project, "ContainerRegistry", "ContainerRepository", "ContainerImageTag", "ContainerUser");
        var deployment = DeployFolder.Documents($"kubernetes/base/{service}").Single(d => Kind(d) == "Deployment");

        var image = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

        Assert.Equal($"{properties["ContainerRegistry"]}/{properties["ContainerRepository"]}:{properties["ContainerImageTag"]}", image);
        Assert.Equal("app", properties["ContainerUser"]);
    }

    [Fact]
    public void No_secret_value_is_in_the_tree()
    {
        var text = Files(DeployFolder.Committed);

        foreach (var (file, content) in text)
        {
            // A password in a connection string or a command line is only ever a $(VARIABLE) the pod reads from the
            // Secret, or in Aspire's manifest a {parameter.value} placeholder.
            Assert.DoesNotMatch(new Regex(@"password=(?!\$\(|\{)[^;,""\s]", RegexOptions.IgnoreCase), content);
            Assert.DoesNotMatch(new Regex(@"requirepass\s+(?!\$)", RegexOptions.IgnoreCase), content);
            Assert.DoesNotContain("kind: Secret", content, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", content, StringComparison.Ordinal);
            foreach (var secret in LocalSecrets())
            {
                Assert.False(content.Contains(secret, StringComparison.Ordinal), $"{file} holds a value of the AppHost's user secrets");
            }
        }
    }

    [Fact]
    public void The_emissary_mappings_route_exactly_the_local_gateways_routes()
    {
        var gateway = Manifest()["resources"]!["gateway"]!["env"]!.AsObject();
        var local = gateway.Where(e => Regex.IsMatch(e.Key, "^ReverseProxy__Routes__[^_]+__Match__Path$"))
            .Select(e => (Prefix: e.Value!.GetValue<string>() is "/{**rest}" ? "/" : e.Value!.GetValue<string>().Replace("/{**rest}", "", StringComparison.Ordinal),
                Service: gateway[e.Key.Replace("Match__Path", "ClusterId", StringComparison.Ordinal)]!.GetValue<string>()))
            .Order().ToList();

        var mappings = DeployFolder.Documents("emissary").Where(d => Kind(d) == "Mapping").Select(d => d["spec"]!).ToList();

        Assert.Equal(local, mappings.Select(m => (m["prefix"]!.GetValue<string>(), m["service"]!.GetValue<string>().Split(':')[0])).Order());
        Assert.Equal(["/", "/.well-known", "/account", "/callback", "/carts", "/connect", "/orders", "/products"], local.Select(route => route.Prefix).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(mappings, m => m["prefix"]!.GetValue<string>().StartsWith("/inventory", StringComparison.Ordinal));
        Assert.All(mappings, m =>
        {
            Assert.Equal(m["prefix"]!.GetValue<string>(), m["rewrite"]!.GetValue<string>());
            // Emissary matches prefixes as strings: "/products/" would not match POST /products. "/" is the catch-all.
            Assert.True(m["prefix"]!.GetValue<string>() is "/" || !m["prefix"]!.GetValue<string>().EndsWith('/'));
            Assert.True(m["timeout_ms"]!.GetValue<long>() >= 15_000);
        });
    }

    [Theory]
    [InlineData("dev", "dev.shop.example.com")]
    [InlineData("prod", "shop.example.com")]
    public async Task The_issuer_is_the_environments_public_https_origin_and_forwarded_headers_are_believed_from_the_pod_network_only(
        string overlay, string hostname)
    {
        var documents = await DeployFolder.BuildOverlayAsync(overlay);

        var publicConfig = documents.Single(d => Kind(d) == "ConfigMap" && Name(d) == "ecommerce-public");
        Assert.Equal(hostname, publicConfig["data"]!["hostname"]!.GetValue<string>());
        var container = documents.Single(d => Kind(d) == "Deployment" && Name(d) == "identity")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var env = container["env"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var issuer = env.Single(e => e["name"]!.GetValue<string>() == "Identity__Issuer");
        Assert.Equal("https://$(PUBLIC_HOSTNAME)", issuer["value"]!.GetValue<string>());
        // Kubernetes expands $(PUBLIC_HOSTNAME) only from a variable defined before it.
        var hostnameVariable = env.FindIndex(e => e["name"]!.GetValue<string>() == "PUBLIC_HOSTNAME");
        Assert.InRange(hostnameVariable, 0, env.IndexOf(issuer) - 1);
        Assert.Equal("ecommerce-public", env[hostnameVariable]["valueFrom"]!["configMapKeyRef"]!["name"]!.GetValue<string>());

        var config = documents.Single(d => Kind(d) == "ConfigMap" && Name(d) == "identity-config")["data"]!.AsObject();
        Assert.False(config.ContainsKey("ASPNETCORE_FORWARDEDHEADERS_ENABLED"), "Forwarded headers would be believed from any client.");
        Assert.Equal("10.0.0.0/8", config["Identity__TrustedProxyNetworks__0"]!.GetValue<string>());
        var secrets = env.Where(e => e["valueFrom"]?["secretKeyRef"] is not null).Select(e => e["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.Superset(new HashSet<string> { "admin-password", "back-office-secret", "orders-service-secret", "identity-signing-certificate", "identity-encryption-certificate" },
            secrets.ToHashSet());
    }

    [Fact]
    public async Task Production_limits_login_and_token_attempts_more_strictly_than_dev()
    {
        static async Task<JsonObject> IdentityConfigAsync(string overlay) =>
            (await DeployFolder.BuildOverlayAsync(overlay)).Single(d => Kind(d) == "ConfigMap" && Name(d) == "identity-config")["data"]!.AsObject();

        var prod = await IdentityConfigAsync("prod");
        var dev = await IdentityConfigAsync("dev");

        Assert.Equal("60", prod["Identity__AttemptLimits__TokenRequestsPerMinute"]!.GetValue<string>());
        Assert.Equal("10", prod["Identity__AttemptLimits__AccountAttemptsPerMinute"]!.GetValue<string>());
        Assert.DoesNotContain(dev, setting => setting.Key.StartsWith("Identity__AttemptLimits__", StringComparison.Ordinal));
    }

    /// <summary>The edges docs/deployment.md names, each as caller → target:port; "emissary" is Emissary's pods in their namespace, "*" every pod of the platform.</summary>
    private static readonly string[] Edges =
    [
        "emissary → products:8080", "emissary → carts:8080", "emissary → orders:8080", "emissary → identity:8080",
        "orders → products:8080", "orders → carts:8080", "carts → products:8080",
        "products → identity:8080", "carts → identity:8080", "orders → identity:8080",
        "products → postgres:5432", "orders → postgres:5432", "identity → postgres:5432", "carts → cache:6379",
        "emissary → storefront:8080", "storefront → products:8080", "storefront → carts:8080", "storefront → orders:8080",
        "storefront → identity:8080", "storefront → cache:6379",
        // Prometheus (the monitoring component) scrapes each service's metrics port, and nothing else.
        "prometheus → identity:9464", "prometheus → products:9464", "prometheus → carts:9464", "prometheus → orders:9464", "prometheus → storefront:9464",
        "* → aspire-dashboard:18889",
    ];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_ingress_is_denied_but_the_real_edges_each_on_its_one_port(string overlay)
    {
        var policies = (await DeployFolder.BuildOverlayAsync(overlay)).Where(d => Kind(d) == "NetworkPolicy").Select(d => d["spec"]!).ToList();

        var denyAll = Assert.Single(policies, p => p["podSelector"]!.AsObject().Count == 0);
        Assert.Equal(["Ingress"], denyAll["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(denyAll["ingress"]);
        var allowed = policies.Where(p => p != denyAll).SelectMany(policy =>
        {
            var target = policy["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>();
            return policy["ingress"]!.AsArray().SelectMany(rule => rule!["from"]!.AsArray().SelectMany(peer =>
                rule["ports"]!.AsArray().Select(port => $"{Peer(peer!)} → {target}:{port!["port"]}")));
        });

        Assert.Equal(Edges.Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
    }

    private static string Peer(JsonNode peer)
    {
        var pods = peer["podSelector"]!["matchLabels"]!.AsObject();
        if (peer["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"]?.GetValue<string>() == "monitoring")
        {
            Assert.Equal("prometheus", pods["app.kubernetes.io/name"]!.GetValue<string>());
            return "prometheus";
        }

        if (peer["namespaceSelector"] is { } namespaces)
        {
            Assert.Equal("emissary", namespaces["matchLabels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
            Assert.Equal("emissary-ingress", pods["app.kubernetes.io/name"]!.GetValue<string>());
            return "emissary";
        }

        return pods["app.kubernetes.io/name"]?.GetValue<string>() ?? (pods["app.kubernetes.io/part-of"]!.GetValue<string>() == "ecommerce" ? "*" : "?");
    }

    [Fact]
    public void The_manifest_is_valid_aspire_and_holds_only_what_aspirate_reads()
    {
        var schema = Json.Schema.JsonSchema.FromFile(CrdSchemas.SchemaFile("aspire-manifest.schema.json"));
        var manifest = Manifest();

        Assert.Null(CrdSchemas.Problems(schema, manifest));
        Assert.All(manifest["resources"]!.AsObject(), r => Assert.Contains(r.Value!["type"]!.GetValue<string>(), AspirateTypes));
        Assert.Equal("container.v0", manifest["resources"]!["postgres"]!["type"]!.GetValue<string>());
        Assert.Equal("container.v0", manifest["resources"]!["cache"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Argo_cd_syncs_each_environment_automatically_from_this_repository_only()
    {
        var documents = DeployFolder.Documents("argocd").ToList();
        var project = documents.Single(d => Kind(d) == "AppProject");
        var applications = documents.Where(d => Kind(d) == "Application").ToList();

        Assert.Equal(2, applications.Count);
        foreach (var application in applications)
        {
            Assert.Null(Crds.Problems(application));
            var spec = application["spec"]!;
            Assert.Equal(project["metadata"]!["name"]!.GetValue<string>(), spec["project"]!.GetValue<string>());
            Assert.Equal([spec["source"]!["repoURL"]!.GetValue<string>()], project["spec"]!["sourceRepos"]!.AsArray().Select(r => r!.GetValue<string>()));
            Assert.True(spec["syncPolicy"]!["automated"]!["prune"]!.GetValue<bool>());
            Assert.True(spec["syncPolicy"]!["automated"]!["selfHeal"]!.GetValue<bool>());
            Assert.Contains("CreateNamespace=true", spec["syncPolicy"]!["syncOptions"]!.AsArray().Select(o => o!.GetValue<string>()));
            Assert.True(Directory.Exists(Path.Combine(DeployFolder.Repository, spec["source"]!["path"]!.GetValue<string>())));
            Assert.Contains(project["spec"]!["destinations"]!.AsArray(), d => d!["namespace"]!.GetValue<string>() == spec["destination"]!["namespace"]!.GetValue<string>());
        }
    }

    private static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(DeployFolder.Committed, "aspire-manifest.json")))!.AsObject();

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(root, file), File.ReadAllText);

    /// <summary>The values the AppHost generated for its secret parameters on this machine, if it has run here.</summary>
    private static IEnumerable<string> LocalSecrets()
    {
        var file = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets", "ecommerce-apphost-5b0c6f1e", "secrets.json");
        return File.Exists(file)
            ? (JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? []).Select(p => p.Value?.ToString() ?? "").Where(v => v.Length >= 8)
            : [];
    }

    private static string Kind(JsonObject document) => document["kind"]!.GetValue<string>();

    private static string Name(JsonObject document) => document["metadata"]!["name"]!.GetValue<string>();
}
