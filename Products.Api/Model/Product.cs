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

    public int Reserved { get; set; }

    public int Committed { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Deleted products leave the catalog but stay for the reservations that name them.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>PostgreSQL's row version (xmin): the ETag, and the optimistic-concurrency token.</summary>
    public uint Version { get; set; }
}
