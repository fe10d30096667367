using Ecommerce.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Ecommerce.Gateway;

/// <summary>
/// Every cluster watches its destinations: each replica's <c>/alive</c> is probed every few seconds, and a replica whose
/// connections fail is taken out at once, so that new requests go only to replicas that answer. <c>/alive</c> rather than
/// <c>/health</c>: a replica whose database is down is still the best place for a request, which gets its 503 from it.
/// </summary>
internal sealed class DestinationHealthChecks : IProxyConfigFilter
{
    private static readonly HealthCheckConfig Checks = new()
    {
        Active = new ActiveHealthCheckConfig
        {
            Enabled = true,
            Interval = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromSeconds(2),
            Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
            Path = HealthEndpoints.Alive,
        },
        Passive = new PassiveHealthCheckConfig
        {
            Enabled = true,
            Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
            ReactivationPeriod = TimeSpan.FromSeconds(5),
        },
    };

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
        ValueTask.FromResult(cluster.HealthCheck is null ? cluster with { HealthCheck = Checks } : cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
