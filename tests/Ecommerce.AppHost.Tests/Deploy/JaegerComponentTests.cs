using System.Text.Json.Nodes;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>
/// The optional Jaeger component added to an overlay: the services send OTLP to Jaeger, which keeps the traces and passes
/// everything on to the Aspire dashboard. Without it the overlays send to the dashboard as before.
/// </summary>
public class JaegerComponentTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task With_the_component_every_service_sends_to_jaeger_which_passes_everything_on_to_the_dashboard(string overlay)
    {
        var yaml = await BuildWithJaegerAsync(overlay);
        var documents = YamlDocuments.Parse(yaml);

        var (valid, report) = await DeployFolder.ValidateKubernetesKindsAsync(yaml);
        Assert.True(valid, report);
        Assert.Equal(["carts", "identity", "orders", "products", "storefront"], OtlpEndpoints(documents).Keys.Order(StringComparer.Ordinal));
        Assert.All(OtlpEndpoints(documents).Values, endpoint => Assert.Equal("http://jaeger:4317", endpoint));
        Assert.Contains(documents, d => Kind(d) == "Deployment" && Name(d) == "jaeger");
        Assert.Contains(documents, d => Kind(d) == "Deployment" && Name(d) == "aspire-dashboard");
        var service = Assert.Single(documents, d => Kind(d) == "Service" && Name(d) == "jaeger");
        Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => p!["port"]!.GetValue<long>() == 4317);
        var policy = Assert.Single(documents, d => Kind(d) == "NetworkPolicy" && Name(d) == "allow-to-jaeger");
        Assert.Equal(4317, policy["spec"]!["ingress"]![0]!["ports"]![0]!["port"]!.GetValue<long>());

        var config = YamlDocuments.Parse(Assert.Single(documents, d => Kind(d) == "ConfigMap" && Name(d) == "jaeger-config")["data"]!["config.yaml"]!.GetValue<string>())[0];
        var pipelines = config["service"]!["pipelines"]!.AsObject();
        Assert.Equal(["logs", "metrics", "traces"], pipelines.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(pipelines, p => Assert.Contains("otlp/dashboard", p.Value!["exporters"]!.AsArray().Select(e => e!.GetValue<string>())));
        Assert.Contains("jaeger_storage_exporter", pipelines["traces"]!["exporters"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("aspire-dashboard:18889", config["exporters"]!["otlp/dashboard"]!["endpoint"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Without_it_the_services_send_to_the_dashboard_and_no_jaeger_runs(string overlay)
    {
        var documents = await DeployFolder.BuildOverlayAsync(overlay);

        Assert.All(OtlpEndpoints(documents).Values, endpoint => Assert.Equal("http://aspire-dashboard:18889", endpoint));
        Assert.DoesNotContain(documents, d => Name(d).StartsWith("jaeger", StringComparison.Ordinal));
    }

    /// <summary>The overlay with the component added, as docs/deployment.md says to: built from a folder beside deploy/ (kustomize takes relative paths only).</summary>
    private static async Task<string> BuildWithJaegerAsync(string overlay)
    {
        var folder = Path.Combine(DeployFolder.Repository, ".jaeger-check", overlay);
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../deploy/kubernetes/overlays/{overlay}
                components:
                  - ../../deploy/kubernetes/components/jaeger

                """);
            var build = await Ecommerce.TestSupport.Commands.RunAsync("kubectl", ["kustomize", folder], DeployFolder.Repository);
            Assert.True(build.ExitCode == 0, build.Error);
            return build.Output;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> OtlpEndpoints(List<JsonObject> documents) =>
        documents.Where(d => Kind(d) == "ConfigMap" && d["data"]?["OTEL_EXPORTER_OTLP_ENDPOINT"] is not null)
            .ToDictionary(d => Name(d)[..^"-config".Length], d => d["data"]!["OTEL_EXPORTER_OTLP_ENDPOINT"]!.GetValue<string>());

    private static string Kind(JsonObject document) => document["kind"]!.GetValue<string>();

    private static string Name(JsonObject document) => document["metadata"]!["name"]!.GetValue<string>();
}
