namespace Products.Api.Model;

/// <summary>One product's units in a reservation, with the price snapshot an order is charged.</summary>
public sealed class ReservationItem
{
    public Guid ReservationId { get; init; }

    public Guid ProductId { get; init; }

    public required string Sku { get; init; }

    public required string Name { get; init; }

    public int Quantity { get; init; }

    public decimal UnitPrice { get; init; }

    public required string Currency { get; init; }
}
