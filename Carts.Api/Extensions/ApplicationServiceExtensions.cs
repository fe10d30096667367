using Carts.Api.Infrastructure;

namespace Carts.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddFailFastRedisClient("cache");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CartMetrics>();
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddHttpClient<ProductCatalogClient>(client => client.BaseAddress = new Uri("http://products"));
        return builder;
    }
}
