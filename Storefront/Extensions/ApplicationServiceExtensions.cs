using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;
using Storefront.Authentication;
using Storefront.Services;

namespace Storefront.Extensions;

internal static class ApplicationServiceExtensions
{
    /// <summary>Where the key ring lives in the <c>cache</c> Redis.</summary>
    private const string DataProtectionKeys = "storefront:data-protection-keys";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();

        // Sessions and antiforgery tokens are encrypted with a key ring every replica shares and a restart keeps, so
        // no replica and no restart signs anyone out or refuses a form another replica rendered.
        // Only the key ring is read from Redis, a few times a day: its commands are not worth a trace of their own.
        builder.AddRedisClient("cache", settings => settings.DisableTracing = true);
        builder.Services.AddDataProtection().SetApplicationName("storefront");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeys));

        builder.AddShopAuthentication();

        // The shop's public origin is the gateway's (the ingress' in a cluster): redirects, the sign-in's redirect URI
        // and the cookies' Secure flag follow the host and scheme it forwards, believed from it alone.
        var proxies = builder.Configuration.GetSection(StorefrontOptions.Section).Get<StorefrontOptions>()?.TrustedProxyNetworks ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in proxies)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.Services.AddMemoryCache();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<AccessTokenHandler>();
        builder.Services.AddTransient<RequestActivityHandler>();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<RequestActivityHandler>());
        builder.Services.AddHttpClient<CatalogClient>(client => client.BaseAddress = new Uri("http://products"));
        builder.Services.AddHttpClient<AdminCatalogClient>(client => client.BaseAddress = new Uri("http://products"))
            .AddHttpMessageHandler<AccessTokenHandler>();
        builder.Services.AddHttpClient<CartsClient>(client => client.BaseAddress = new Uri("http://carts"))
            .AddHttpMessageHandler<AccessTokenHandler>();
        builder.Services.AddHttpClient<OrdersClient>(client => client.BaseAddress = new Uri("http://orders"))
            .AddHttpMessageHandler<AccessTokenHandler>();
        builder.Services.AddScoped<ShopperCart>();
        return builder;
    }
}
