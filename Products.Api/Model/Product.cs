namespace Products.Api.Model;

/// <summary>
/// A catalog entry and its stock. Units are in exactly one of three places: <see cref="Stock"/> (available),
/// <see cref="Reserved"/> (held for a checkout) or <see cref="Committed"/> (sold); their sum changes only
/// when the product is edited.
/// </summary>
public sealed class Product
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Sku { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Category { get; set; }

    public decimal Price { get; set; }

    public required string Currency { get; set; }

    public int Stock { get; set; }

    public int Reserved { get; private set; }

    public int Committed { get; private set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Deleted products leave the catalog but stay for the reservations that name them.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>PostgreSQL's row version (xmin): the ETag, and the optimistic-concurrency token.</summary>
    public uint Version { get; set; }

    /// <summary>Moves <paramref name="units"/> from one counter to another; their sum stays the same.</summary>
    public void MoveUnits(int units, StockCounter from, StockCounter to, DateTime now)
    {
        Add(from, -units);
        Add(to, units);
        UpdatedAt = now;
    }

    private void Add(StockCounter counter, int units)
    {
        switch (counter)
        {
            case StockCounter.Stock:
                Stock += units;
                break;
            case StockCounter.Reserved:
                Reserved += units;
                break;
            case StockCounter.Committed:
                Committed += units;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(counter), counter, "Not a stock counter.");
        }
    }
}

/// <summary>The three places a product's units can be in.</summary>
public enum StockCounter
{
    Stock,
    Reserved,
    Committed,
}
