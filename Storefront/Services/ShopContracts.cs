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
    Guid Id, string UserId, string Status, IReadOnlyList<OrderLine> Items, string Currency, decimal Total,
    IReadOnlyList<StatusChange> StatusHistory, DateTimeOffset CreatedAt);

public sealed record OrderLine(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency, int Quantity, decimal LineTotal);

public sealed record StatusChange(string Status, DateTimeOffset At, string? Reason, Actor? Actor);

/// <summary>Who made a change, as the services read it from their token: a person (with an admin's email) or a client.</summary>
public sealed record Actor(string Sub, string? ClientId, string? Email)
{
    public string Name => Email ?? (ClientId == Sub ? $"the {ClientId} client" : Sub);
}

/// <summary>An entry of a product's change log: what an admin changed, when, and the values before and after.</summary>
public sealed record ProductChange(string Change, DateTimeOffset At, Actor? Actor, IReadOnlyDictionary<string, FieldChange>? Fields);

public sealed record FieldChange(string? From, string? To);

/// <summary>How many orders are in one status.</summary>
public sealed record StatusCount(string Status, int Orders);

/// <summary>A line the stock cannot cover: how many were asked for and how many are left.</summary>
public sealed record Shortage(Guid ProductId, int Requested, int Available);
