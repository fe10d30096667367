using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire's Npgsql EF Core integration (pooled context, health check, telemetry, from <c>ConnectionStrings__{name}</c>)
/// with what every service of this platform adds: snake_case names, bounded waits, few and short retries, so that a
/// request hears 503 within seconds when the database is down, and migrations applied at start-up.
/// </summary>
public static class NpgsqlDbContextExtensions
{
    public static IHostApplicationBuilder AddMigratedNpgsqlDbContext<TContext>(
        this IHostApplicationBuilder builder, string connectionName, Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null)
        where TContext : DbContext
    {
        builder.AddNpgsqlDbContext<TContext>(
            connectionName,
            settings => settings.ConnectionString = WithDefaultTimeouts(settings.ConnectionString
                ?? throw new InvalidOperationException($"The connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName}.")),
            options => options
                .UseNpgsql(npgsql =>
                {
                    // Aspire's default retries for up to half a minute; a request should wait seconds, not minutes.
                    npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null);
                    configureNpgsql?.Invoke(npgsql);
                })
                .UseSnakeCaseNamingConvention());

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
