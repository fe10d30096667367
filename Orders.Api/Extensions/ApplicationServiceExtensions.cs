using Microsoft.EntityFrameworkCore;
using Orders.Api.Application;
using Orders.Api.Infrastructure;

namespace Orders.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // An order loads two collections (items, status history): one query each rather than their cross product.
        builder.AddMigratedNpgsqlDbContext<OrderingContext>("ordersdb", npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrderMetrics>();
        builder.Services.Configure<OrdersOptions>(builder.Configuration.GetSection("Orders"));
        builder.Services.AddHttpClient<InventoryClient>(client => client.BaseAddress = new Uri("http://products"));
        builder.Services.AddHttpClient<CartsClient>(client => client.BaseAddress = new Uri("http://carts"));
        builder.Services.AddScoped<IdempotencyKeys>();
        builder.Services.AddScoped<ReservationSettlement>();
        builder.Services.AddScoped<CheckoutService>();
        builder.Services.AddSingleton<ReservationCommitter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReservationCommitter>());
        builder.Services.AddHostedService<OrderReconciler>();
        return builder;
    }
}
