using Ecommerce.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
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
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync(cancellationToken);
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
