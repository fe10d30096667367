using Microsoft.EntityFrameworkCore;
using Orders.Api.Apis;
using Orders.Api.Application;
using Orders.Api.Infrastructure;

namespace Orders.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // An order loads two collections (items, status history): one query each rather than their cross product.
        builder.AddMigratedNpgsqlDbContext<OrderingContext>("ordersdb", npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));

        builder.AddTokenAuthentication("orders", policies => policies.AddOrderPolicies());

        // Products.Api's inventory is called with Orders.Api's own token; Carts.Api with the customer's.
        builder.Services.AddOptions<ServiceIdentityOptions>().BindConfiguration(ServiceIdentityOptions.Section)
            .Validate(identity => !string.IsNullOrEmpty(identity.ClientSecret), "Orders.Api needs its client secret at Identity.Api: set ServiceIdentity:ClientSecret.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ServiceTokens>();
        builder.Services.AddHttpClient(nameof(ServiceTokens));
        builder.Services.AddTransient<ServiceTokenHandler>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<ForwardCallerToken>();

        builder.Services.AddSingleton<OrderMetrics>();
        builder.Services.Configure<OrdersOptions>(builder.Configuration.GetSection("Orders"));
        builder.Services.AddHttpClient<InventoryClient>(client => client.BaseAddress = new Uri("http://products")).AddHttpMessageHandler<ServiceTokenHandler>();
        builder.Services.AddHttpClient<CartsClient>(client => client.BaseAddress = new Uri("http://carts")).AddHttpMessageHandler<ForwardCallerToken>();
        builder.Services.AddSingleton<ClaimantSession>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ClaimantSession>());
        builder.Services.AddScoped<IdempotencyKeys>();
        builder.Services.AddScoped<ReservationConfirmation>();
        builder.Services.AddScoped<ReservationSettlement>();
        builder.Services.AddScoped<CheckoutService>();
        builder.Services.AddSingleton<CheckoutAnswers>();
        builder.Services.AddSingleton<ICheckoutAnswers>(services => services.GetRequiredService<CheckoutAnswers>());
        builder.Services.AddScoped<IdempotentCheckout>();
        builder.Services.AddScoped<OrderStatusChanges>();
        builder.Services.AddScoped<OrderQueries>();
        builder.Services.AddSingleton<ReservationCommitter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReservationCommitter>());
        builder.Services.AddHostedService<OrderReconciler>();
        return builder;
    }
}
