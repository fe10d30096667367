using System.Diagnostics;
using System.Threading.Channels;
using Ecommerce.ServiceDefaults.Http;
using Orders.Api.Infrastructure;

namespace Orders.Api.Application;

/// <summary>
/// Confirms the stock reservations of just-placed orders in batches, off the checkout's path: a checkout answers once
/// its order is stored, and Products.Api commits every reservation that queued meanwhile in one statement. The order
/// was already safe before (stored, its units reserved for minutes); what a batch cannot commit — Products.Api down,
/// a reservation released or expired — and anything still queued when the process dies is the reconciler's, as after
/// a crash. Paying an order whose batch has not run yet confirms it on the spot (see OrderStatusChanges).
/// </summary>
public sealed class ReservationCommitter(IServiceScopeFactory scopes, ILogger<ReservationCommitter> logger) : BackgroundService
{
    /// <summary>At most this many reservations per call; within what Products.Api takes at once.</summary>
    public const int MaxBatch = 256;

    // Bounded so that a long outage of Products.Api cannot grow the queue without end: a full queue makes checkout
    // settle its own order, as it would without this class.
    private readonly Channel<PlacedOrder> _placed = Channel.CreateBounded<PlacedOrder>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues a stored order's reservation. False when the queue is full or stopped: settle it now instead.</summary>
    public bool TryEnqueue(Guid orderId) =>
        _placed.Writer.TryWrite(new PlacedOrder(orderId, Activity.Current?.Context ?? default));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PlacedOrder>(MaxBatch);
        while (await _placed.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && _placed.Reader.TryRead(out var placed))
            {
                batch.Add(placed);
            }

            await CommitAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    /// <summary>Takes no more orders (checkout settles its own from now on) and commits what is queued before stopping.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _placed.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<PlacedOrder> batch, CancellationToken cancellationToken)
    {
        // One span per batch, in the trace of its first checkout (so that a checkout's trace shows its confirmation, and
        // the batch is not a trace of its own in the dashboard) and linked to the others it confirms.
        var checkouts = batch.Where(placed => placed.Checkout != default).Select(placed => placed.Checkout).ToList();
        using var activity = OrderMetrics.ActivitySource.StartActivity(ActivityKind.Internal, parentContext: checkouts.FirstOrDefault(),
            links: checkouts.Skip(1).Select(checkout => new ActivityLink(checkout)), name: "commit reservations");
        activity?.SetTag("reservations.count", batch.Count);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReservationConfirmation>()
                .ConfirmManyAsync(batch.Select(placed => placed.OrderId).ToList(), cancellationToken);
        }
        catch (Exception ex) when (DependencyFailures.IsCommonDependencyFailure(ex))
        {
            logger.LogWarning("The reservations of {Count} orders are left for the reconciler: {Reason}", batch.Count, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The reservations of {Count} orders are left for the reconciler", batch.Count);
        }
    }

    private readonly record struct PlacedOrder(Guid OrderId, ActivityContext Checkout);
}
