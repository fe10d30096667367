using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class MetricsEndpointExtensions
{
    /// <summary>The endpoint, and the container port of the deploy tree, that Prometheus scrapes.</summary>
    public const string EndpointName = "metrics";

    /// <summary>The variable that tells the process its metrics port (ServiceDefaults' METRICS_PORT).</summary>
    public const string PortVariable = "METRICS_PORT";

    /// <summary>
    /// A second HTTP endpoint that serves the process's meters to Prometheus at <c>/metrics</c>. Its port reaches the
    /// process in <c>METRICS_PORT</c>, not in ASPNETCORE_URLS or HTTP_PORTS, so the main endpoint, the one references,
    /// the gateway and Emissary use, stays as it is. No caller is told of it: references leave it out, and it is never
    /// external.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMetricsEndpoint(this IResourceBuilder<ProjectResource> builder) => builder
        .WithHttpEndpoint(name: EndpointName, env: PortVariable)
        .WithEndpoint(EndpointName, endpoint =>
        {
            endpoint.ExcludeReferenceEndpoint = true;
            endpoint.IsExternal = false;
        });
}
