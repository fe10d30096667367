using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Ecommerce.Hosting.Gateway;

/// <summary>
/// One route of the gateway: requests whose path is <see cref="PathPrefix"/> or below it go, unchanged, to
/// <see cref="Target"/>. The local YARP gateway and the cluster's Emissary mappings are both made from these.
/// </summary>
public sealed class GatewayRouteAnnotation(string pathPrefix, IResourceWithServiceDiscovery target, TimeSpan timeout) : IResourceAnnotation
{
    public string PathPrefix { get; } = pathPrefix;

    public IResourceWithServiceDiscovery Target { get; } = target;

    /// <summary>How long the gateway waits for the target's answer.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>The route of every path no other route takes: the prefix <c>/</c>.</summary>
    public bool IsCatchAll => PathPrefix == "/";

    /// <summary>
    /// The route's name in configuration and in Kubernetes: the prefix as a DNS label (<c>/products</c> → <c>products</c>,
    /// <c>/.well-known</c> → <c>well-known</c>), or <c>root</c> for the catch-all.
    /// </summary>
    public string RouteId => IsCatchAll
        ? "root"
        : string.Join('-', PathPrefix.ToLowerInvariant().Split(['/', '.', '_'], StringSplitOptions.RemoveEmptyEntries));
}
