using Ecommerce.ServiceDefaults.Authentication;
using Products.Api.Infrastructure;

namespace Products.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMigratedNpgsqlDbContext<CatalogContext>("catalogdb");
        builder.AddTokenAuthentication("products", policies => policies.AddScopePolicy(Scopes.CatalogWrite).AddScopePolicy(Scopes.Inventory));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InventoryMetrics>();
        builder.Services.AddScoped<InventoryLedger>();
        builder.Services.Configure<InventoryOptions>(builder.Configuration.GetSection("Inventory"));
        builder.Services.AddHostedService<ReservationSweeper>();
        return builder;
    }
}
