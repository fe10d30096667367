using Ecommerce.ServiceDefaults.Http;
using StackExchange.Redis;

namespace Carts.Api.Extensions;

internal static class RedisExtensions
{
    /// <summary>
    /// Aspire's Redis client (one multiplexer, health check, telemetry, from <c>ConnectionStrings__{name}</c>), set to
    /// keep reconnecting in the background while Redis is away and to fail commands fast meanwhile, so that requests
    /// hear 503 at once instead of waiting.
    /// </summary>
    public static IHostApplicationBuilder AddFailFastRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddRedisClient(connectionName, configureOptions: options =>
        {
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 3_000;
            options.SyncTimeout = 3_000;
            options.AsyncTimeout = 3_000;
            options.BacklogPolicy = BacklogPolicy.FailFast;
        });
        builder.Services.Configure<DependencyFailureOptions>(failures => failures.ExceptionTypes.Add(typeof(RedisException)));
        return builder;
    }
}
