using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.Gateway;

namespace Aspire.Hosting;

public static class GatewayBuilderExtensions
{
    /// <summary>The timeout of a route that names none: a service that has not answered by then is not going to.</summary>
    public static readonly TimeSpan DefaultRouteTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Routes <paramref name="pathPrefix"/> and everything below it to <paramref name="target"/>, path unchanged. The
    /// gateway (a YARP service) reads its routes from the <c>ReverseProxy</c> configuration written here, and finds
    /// the target by service discovery (<c>http://{target}</c>). The prefix <c>/</c> takes every path that no longer
    /// prefix takes (Emissary, too, prefers the longest prefix).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRoute(
        this IResourceBuilder<ProjectResource> gateway, string pathPrefix, IResourceBuilder<IResourceWithServiceDiscovery> target, TimeSpan? timeout = null)
    {
        if (pathPrefix != "/" && (!pathPrefix.StartsWith('/') || pathPrefix.EndsWith('/') || pathPrefix.Contains('{', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A route prefix is '/' or a literal path such as '/products', not '{pathPrefix}'.", nameof(pathPrefix));
        }

        var route = new GatewayRouteAnnotation(pathPrefix, target.Resource, timeout ?? DefaultRouteTimeout);
        var cluster = target.Resource.Name;
        if (!gateway.Resource.Annotations.OfType<WaitAnnotation>().Any(wait => wait.Resource == target.Resource))
        {
            // The gateway routes to nothing that is not ready yet: it starts once its routes' targets are healthy.
            gateway.WaitFor(target);
        }

        return gateway
            .WithAnnotation(route)
            .WithReference(target)
            .WithEnvironment(context =>
            {
                var prefix = $"ReverseProxy__Routes__{route.RouteId}__";
                context.EnvironmentVariables[prefix + "ClusterId"] = cluster;
                // A catch-all segment is optional: this matches the prefix itself and every path below it.
                context.EnvironmentVariables[prefix + "Match__Path"] = pathPrefix.TrimEnd('/') + "/{**rest}";
                if (route.IsCatchAll)
                {
                    // Matched last, whatever the routing's own precedence would say: every other prefix wins over it.
                    context.EnvironmentVariables[prefix + "Order"] = "1000";
                }

                context.EnvironmentVariables[prefix + "Timeout"] = route.Timeout.ToString("c", CultureInfo.InvariantCulture);
                context.EnvironmentVariables[$"ReverseProxy__Clusters__{cluster}__Destinations__{cluster}__Address"] = $"http://{cluster}";
            });
    }
}
