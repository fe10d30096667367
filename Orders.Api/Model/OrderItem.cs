namespace Orders.Api.Model;

/// <summary>A line of an order, priced by the reservation's snapshot: later price changes do not touch it.</summary>
public sealed class OrderItem
{
    public Guid ProductId { get; init; }

    public required string Sku { get; init; }

    public required string Name { get; init; }

    public decimal UnitPrice { get; init; }

    public required string Currency { get; init; }

    public int Quantity { get; init; }

    public decimal LineTotal => UnitPrice * Quantity;
}
