using System.Diagnostics;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Applies pending migrations before the server takes requests. EF Core holds a database lock while
/// migrating, so replicas that start together apply each migration once. Until the database answers,
/// it keeps trying: an orchestrator may start the service before its database.
/// </summary>
internal sealed class MigrateOnStartup<TContext>(IServiceProvider services, ILogger<MigrateOnStartup<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    /// <summary>One span for the start-up's database work, instead of a trace per statement in the dashboard.</summary>
    private static readonly ActivitySource ActivitySource = new(Extensions.TelemetryPrefix + "Migrations");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
                using var activity = ActivitySource.StartActivity($"migrate {typeof(TContext).Name}");
                // Npgsql's provider learns that a database is new by reading the history table and failing, which EF
                // logs as an error on every first start; creating the table first (safe when replicas race) spares it.
                await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await database.MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && DependencyFailures.IsCommonDependencyFailure(ex))
            {
                logger.LogWarning("The database for {Context} is not reachable yet ({Reason}); retrying in {Delay}",
                    typeof(TContext).Name, ex.Message, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
