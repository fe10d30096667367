using Ecommerce.ServiceDefaults.Authentication;
using Products.Api.Application;
using Products.Api.Infrastructure;
using Products.Api.Infrastructure.Demo;

namespace Products.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMigratedNpgsqlDbContext<CatalogContext>("catalogdb");
        builder.AddTokenAuthentication("products", policies => policies.AddScopePolicy(Scopes.CatalogWrite).AddScopePolicy(Scopes.Inventory));

        builder.Services.AddSingleton<ProductsMetrics>();
        builder.Services.AddScoped<ReservationStore>();
        builder.Services.AddScoped<StockReservations>();
        builder.Services.AddScoped<ProductEditor>();
        builder.Services.Configure<InventoryOptions>(builder.Configuration.GetSection("Inventory"));
        builder.Services.AddHostedService<ReservationSweeper>();
        // Registered after the migrations' hosted service, which the host starts first. Off unless configured: the
        // AppHost turns it on for a local run only.
        if (builder.Configuration.GetValue<bool>(DemoCatalog.EnabledKey))
        {
            builder.Services.AddHostedService<DemoCatalog>();
        }

        return builder;
    }
}
