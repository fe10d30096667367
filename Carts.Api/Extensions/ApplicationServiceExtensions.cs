using Carts.Api.Infrastructure;
using Ecommerce.ServiceDefaults.Authentication;

namespace Carts.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddFailFastRedisClient("cache");
        builder.AddTokenAuthentication("carts", policies => policies.AddScopePolicy(Scopes.Carts));

        builder.Services.AddSingleton<CartMetrics>();
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddHttpClient<ProductCatalogClient>(client => client.BaseAddress = new Uri("http://products"));
        return builder;
    }
}
