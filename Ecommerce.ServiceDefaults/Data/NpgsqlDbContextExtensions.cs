using Ecommerce.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers an EF Core context on PostgreSQL from <c>ConnectionStrings__{name}</c>, as Aspire's Npgsql
/// EF Core integration does: transient-failure retries, a readiness check, telemetry, and migrations on start.
/// </summary>
public static class NpgsqlDbContextExtensions
{
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(
        this IHostApplicationBuilder builder, string connectionName, Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null)
        where TContext : DbContext
    {
        var connectionString = WithDefaultTimeouts(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"The connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName}."));

        builder.Services.AddDbContextPool<TContext>(options => options
            .UseNpgsql(connectionString, npgsql =>
            {
                // Few, short retries: a request waits seconds, not minutes, before it hears 503.
                npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null);
                configureNpgsql?.Invoke(npgsql);
            })
            .UseSnakeCaseNamingConvention());

        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: connectionName, tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(3));
        builder.Services.AddHostedService<MigrateOnStartup<TContext>>();
        return builder;
    }

    /// <summary>Bounds connecting and each command unless the connection string already does.</summary>
    private static string WithDefaultTimeouts(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 5;
            builder.CommandTimeout = 15;
        }

        return builder.ConnectionString;
    }
}
