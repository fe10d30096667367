using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ecommerce.ServiceDefaults.Http;
using Orders.Api.Model;

namespace Orders.Api.Infrastructure;

public sealed class OrderMetrics
{
    public const string MeterName = "Ecommerce.Orders";

    /// <summary>Spans of checkout and reconciliation, beside ASP.NET Core's and HttpClient's.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _checkoutFailures;
    private readonly Histogram<double> _checkoutDuration;
    private readonly Gauge<long> _unconfirmed;

    public OrderMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _statusChanges = meter.CreateCounter<long>("ecommerce.orders.status_changes", "{order}", "Orders entering a status, by status.");
        _checkoutFailures = meter.CreateCounter<long>("ecommerce.orders.checkout.failures", "{checkout}", "Checkouts that placed no order, by cause.");
        _checkoutDuration = meter.CreateHistogram<double>("ecommerce.orders.checkout.duration", "s", "Time to place an order, reservation to cart emptied.");
        _unconfirmed = meter.CreateGauge<long>("ecommerce.orders.unconfirmed", "{order}",
            "Stored orders whose reservation is still unconfirmed past the committer's time, as the reconciler last found them (at most its batch).");
    }

    public void StatusChanged(OrderStatus status) =>
        _statusChanges.Add(1, new KeyValuePair<string, object?>("status", WireName.Of(status)));

    public void CheckoutFailed(string cause) => _checkoutFailures.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void CheckoutCompleted(TimeSpan duration) => _checkoutDuration.Record(duration.TotalSeconds);

    public void Unconfirmed(int count) => _unconfirmed.Record(count);
}
