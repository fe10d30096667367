namespace Orders.Api.Application;

public sealed class OrdersOptions
{
    /// <summary>How long reserved stock waits for its order to be confirmed before it goes back on sale.</summary>
    public TimeSpan ReservationTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the reconciler looks for orders whose reservation is not settled.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An order younger than this is still in its checkout's hands; the reconciler leaves it alone.</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An Idempotency-Key claimed this long ago and never completed belongs to a request that died before its order was
    /// stored: a retry may claim it again. Longer than a checkout takes with every dependency at its timeout; should the
    /// first request still be running, its claim no longer holds, so it cannot place a second order.
    /// </summary>
    public TimeSpan IdempotencyKeyAbandonedAfter { get; set; } = TimeSpan.FromSeconds(45);
}
