using System.Diagnostics.Metrics;

namespace Carts.Api.Infrastructure;

public sealed class CartMetrics
{
    public const string MeterName = "Ecommerce.Carts";

    private readonly Counter<long> _created;
    private readonly Counter<long> _itemsAdded;

    public CartMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _created = meter.CreateCounter<long>("ecommerce.carts.created", "{cart}", "Carts created.");
        _itemsAdded = meter.CreateCounter<long>("ecommerce.carts.items_added", "{item}", "Units added to carts.");
    }

    public void CartCreated() => _created.Add(1);

    public void ItemsAdded(int quantity) => _itemsAdded.Add(quantity);
}
