using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Products.Api.Infrastructure;

/// <summary>Products.Api's meter and activity source: reservation outcomes, stock-outs, and the spans of its background work.</summary>
public sealed class ProductsMetrics
{
    public const string MeterName = "Ecommerce.Products";

    /// <summary>Spans of the service's own background work, beside ASP.NET Core's and Npgsql's.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _reservations;
    private readonly Counter<long> _stockOuts;

    public ProductsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reservations = meter.CreateCounter<long>("ecommerce.inventory.reservations", "{reservation}",
            "Reservation requests and transitions, by outcome.");
        _stockOuts = meter.CreateCounter<long>("ecommerce.inventory.stock_outs", "{product}",
            "Times a product's available stock reached zero through a reservation.");
    }

    public void Reservation(string outcome, long count = 1) => _reservations.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void StockOut() => _stockOuts.Add(1);
}
