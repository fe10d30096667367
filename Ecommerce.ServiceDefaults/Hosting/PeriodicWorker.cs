using Ecommerce.ServiceDefaults.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecommerce.ServiceDefaults.Hosting;

/// <summary>
/// A background job run every <c>interval</c>. A round that fails is logged and the next round tries again:
/// a worker must outlive its database's restarts, and one bad round must not stop the service.
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
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "{Worker} failed a round", GetType().Name);
            }
        }
    }
}
