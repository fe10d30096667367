using Carts.Api.Infrastructure;
using Ecommerce.ServiceDefaults;
using Ecommerce.ServiceDefaults.Http;
using StackExchange.Redis;

namespace Carts.Api.Extensions;

internal static class RedisExtensions
{
    /// <summary>
    /// One multiplexer per process from <c>ConnectionStrings__{name}</c> (<c>host:port,password=…</c>), as Aspire's
    /// Redis integration registers it: it keeps reconnecting in the background when Redis is away, and fails
    /// commands fast meanwhile so that requests hear 503 at once instead of waiting.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"The connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName}.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 3_000;
        options.SyncTimeout = 3_000;
        options.AsyncTimeout = 3_000;
        options.BacklogPolicy = BacklogPolicy.FailFast;

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(3));
        builder.Services.Configure<DependencyFailureOptions>(failures => failures.ExceptionTypes.Add(typeof(RedisException)));
        return builder;
    }
}
