namespace Storefront.Services;

// The services' answers, as far as the shop shows them (the services speak snake_case JSON; ShopJson reads it).

public sealed record Product(
    Guid Id, string Sku, string Name, string? Description, string? Category, decimal Price, string Currency, int Stock,
    string? ImageUrl);

public sealed record Category(string Name, int Products);

/// <summary>One page of a list, and the cursor of the next one when the service said there is more.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record Cart(Guid Id, IReadOnlyList<CartLine> Items, int TotalQuantity, decimal Subtotal, string Currency);

public sealed record CartLine(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency, int Quantity, decimal LineTotal);

public sealed record Order(
    Guid Id, string Status, IReadOnlyList<OrderLine> Items, string Currency, decimal Total,
    IReadOnlyList<StatusChange> StatusHistory, DateTimeOffset CreatedAt);

public sealed record OrderLine(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency, int Quantity, decimal LineTotal);

public sealed record StatusChange(string Status, DateTimeOffset At, string? Reason);

/// <summary>A line the stock cannot cover: how many were asked for and how many are left.</summary>
public sealed record Shortage(Guid ProductId, int Requested, int Available);
