using Ecommerce.Hosting.Model;

namespace Ecommerce.Hosting;

public static class GatewayBuilderExtensions
{
    /// <summary>The default time a routed request may take; checkout (reserve, store, commit) needs more than Emissary's 3 s.</summary>
    public static readonly TimeSpan DefaultRouteTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A YARP reverse proxy locally; the same routes become Emissary Mappings in the cluster.</summary>
    public static IResourceBuilder<GatewayResource> AddYarp(this DistributedApplicationBuilder builder, string name)
    {
        var gateway = builder.AddResource(new GatewayResource(name));
        gateway.Resource.Annotations.Add(new EndpointAnnotation("http", "http", Port: null, TargetPort: 8080));
        return gateway;
    }

    public static IResourceBuilder<GatewayResource> WithHostPort(this IResourceBuilder<GatewayResource> gateway, int port) =>
        gateway.WithHttpEndpoint(port: port, targetPort: 8080);

    /// <summary>
    /// Routes <paramref name="pathPrefix"/> and every path below it to <paramref name="service"/>, unchanged (no
    /// prefix is stripped), and waits for the service before the gateway starts.
    /// </summary>
    public static IResourceBuilder<GatewayResource> WithRoute(
        this IResourceBuilder<GatewayResource> gateway, string pathPrefix, IResourceBuilder<ProjectResource> service, TimeSpan? timeout = null)
    {
        if (!pathPrefix.StartsWith('/') || pathPrefix.EndsWith('/'))
        {
            throw new ArgumentException($"A route prefix starts with '/' and does not end with one: '{pathPrefix}'.", nameof(pathPrefix));
        }

        gateway.Resource.Routes.Add(new GatewayRoute(pathPrefix, service.Resource, timeout ?? DefaultRouteTimeout));
        return gateway.WaitFor(service);
    }
}
