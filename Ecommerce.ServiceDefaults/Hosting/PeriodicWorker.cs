using Ecommerce.ServiceDefaults.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecommerce.ServiceDefaults.Hosting;

/// <summary>
/// A background job run every <c>interval</c>. A round that fails because a dependency is down is logged and
/// skipped, and the next round tries again: a worker must outlive its database's restarts.
/// </summary>
public abstract class PeriodicWorker(TimeSpan interval, ILogger logger) : BackgroundService
{
    /// <summary>One round of work.</summary>
    public abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex))
            {
                logger.LogWarning("{Worker} skipped a round: a dependency is unavailable ({Reason})", GetType().Name, ex.Message);
            }
        }
    }
}
