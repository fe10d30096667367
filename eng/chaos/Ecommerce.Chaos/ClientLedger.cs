using System.Collections.Concurrent;

namespace Ecommerce.Chaos;

/// <summary>An order as its 201 described it.</summary>
public sealed record PlacedOrder(Guid Id, string Customer, string IdempotencyKey, IReadOnlyDictionary<Guid, int> Items, decimal Total);

/// <summary>A stock change whose answer was lost: applied or not, its marker in the product's description says.</summary>
public sealed record UnsureStockChange(Guid ProductId, string Marker, int Added);

/// <summary>What the clients were told, to hold against the databases once the load stops.</summary>
public sealed class ClientLedger
{
    private int _lostCartUpdates;

    public ConcurrentDictionary<Guid, int> InitialStock { get; } = new();

    /// <summary>Units the admin added to each product, by acknowledged changes.</summary>
    public ConcurrentDictionary<Guid, int> StockAdded { get; } = new();

    public ConcurrentBag<UnsureStockChange> UnsureStockChanges { get; } = [];

    public ConcurrentBag<PlacedOrder> Placed { get; } = [];

    public ConcurrentBag<Guid> CancelledOrders { get; } = [];

    /// <summary>Carts kept for the whole run: every acknowledged quantity, to find in Redis at the end.</summary>
    public ConcurrentDictionary<Guid, IReadOnlyDictionary<Guid, int>> KeptCarts { get; } = new();

    public ConcurrentQueue<string> LostCartUpdateExamples { get; } = new();

    public int LostCartUpdates => _lostCartUpdates;

    /// <summary>A cart read back without a change it had acknowledged, or a checkout of it that charged other items.</summary>
    public void LostCartUpdate(string what)
    {
        if (Interlocked.Increment(ref _lostCartUpdates) <= 10)
        {
            LostCartUpdateExamples.Enqueue(what);
        }
    }

    public void AddStock(Guid product, int units) => StockAdded.AddOrUpdate(product, units, (_, added) => added + units);
}
