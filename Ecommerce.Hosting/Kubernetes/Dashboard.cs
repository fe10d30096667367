using static Ecommerce.Hosting.Kubernetes.Yaml;

// The documents are built once per publish: literal arrays read as the YAML sequences they become (CA1861 is about hot paths).
#pragma warning disable CA1861

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// The Aspire dashboard's standalone image as the cluster's OTLP receiver and telemetry UI: the services send to it
/// with an API key, and a browser logs in with a token; both come from the Secret, neither is ever anonymous.
/// </summary>
internal static class Dashboard
{
    public const string Name = "aspire-dashboard";
    public const int UiPort = 18888;
    public const int OtlpPort = 18889;
    public const string OtlpApiKey = "otlp-api-key";
    public const string BrowserToken = "dashboard-browser-token";
    public const string Image = "mcr.microsoft.com/dotnet/aspire-dashboard:13.6";

    public static IEnumerable<(string File, object Document)> Objects(Workloads workloads)
    {
        var container = Map(
            ("name", Name),
            ("image", Image),
            ("ports", new[] { Map(("name", "http"), ("containerPort", UiPort)), Map(("name", "otlp"), ("containerPort", OtlpPort)) }),
            ("env", new object[]
            {
                Map(("name", "ASPNETCORE_URLS"), ("value", $"http://0.0.0.0:{UiPort}")),
                Map(("name", "DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"), ("value", $"http://0.0.0.0:{OtlpPort}")),
                Map(("name", "DASHBOARD__FRONTEND__AUTHMODE"), ("value", "BrowserToken")),
                Map(("name", "DASHBOARD__OTLP__AUTHMODE"), ("value", "ApiKey")),
                Rename(workloads.SecretVariable(BrowserToken), "DASHBOARD__FRONTEND__BROWSERTOKEN"),
                Rename(workloads.SecretVariable(OtlpApiKey), "DASHBOARD__OTLP__PRIMARYAPIKEY"),
            }),
            ("readinessProbe", Map(("tcpSocket", Map(("port", "http"))), ("periodSeconds", 10))),
            ("livenessProbe", Map(("tcpSocket", Map(("port", "http"))), ("periodSeconds", 20))),
            ("resources", Workloads.Resources("50m", "256Mi", "1", "512Mi")),
            ("securityContext", Workloads.ContainerSecurity()),
            ("volumeMounts", new[] { Map(("name", "tmp"), ("mountPath", "/tmp")) }));

        yield return ("deployment.yaml",
            Workloads.Deployment(Name, Workloads.PodSpec(1654, [container], [Map(("name", "tmp"), ("emptyDir", Map()))]), replicas: 1));
        yield return ("service.yaml", Workloads.Service(Name, ("http", UiPort), ("otlp", OtlpPort)));
    }

    private static Dictionary<string, object?> Rename(Dictionary<string, object?> variable, string name)
    {
        variable["name"] = name;
        return variable;
    }
}
