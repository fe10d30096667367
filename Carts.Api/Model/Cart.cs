namespace Carts.Api.Model;

/// <summary>A user's cart as read from Redis.</summary>
public sealed record Cart(Guid Id, string UserId, IReadOnlyList<CartLine> Lines, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>Carts live this long after their last change.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);

    public DateTime ExpiresAt => UpdatedAt + TimeToLive;

    /// <summary>The cart's currency: its lines', or USD while it is empty.</summary>
    public string Currency => Lines.Count > 0 ? Lines[0].Product.Currency : "USD";
}

/// <summary>A product in a cart: what it was when added (sku, name, price), and how many.</summary>
public sealed record CartLine(ProductSnapshot Product, int Quantity, DateTime AddedAt)
{
    public decimal LineTotal => Product.UnitPrice * Quantity;
}

public sealed record ProductSnapshot(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency);
