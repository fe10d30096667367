using Ecommerce.ServiceDefaults.Http;

namespace Ecommerce.Gateway;

internal static class ReverseProxyExtensions
{
    /// <summary>
    /// The routes and clusters come from the <c>ReverseProxy</c> configuration that the AppHost writes from its
    /// route table; destinations such as <c>http://products</c> are resolved by service discovery.
    /// </summary>
    public static IHostApplicationBuilder AddReverseProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRequestTimeouts();
        builder.Services.AddSingleton<IRequestBodyLimitPolicy, RouteBodyLimits>();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<DestinationHealthChecks>()
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
