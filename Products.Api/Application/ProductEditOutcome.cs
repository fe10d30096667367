using Products.Api.Infrastructure;

namespace Products.Api.Application;

/// <summary>What became of an admin's change to a product.</summary>
public abstract record ProductEditOutcome
{
    private ProductEditOutcome()
    {
    }

    /// <summary>The change is stored; the product as it is now.</summary>
    public sealed record Saved(ProductWithImage Product) : ProductEditOutcome;

    public sealed record NotFound : ProductEditOutcome;

    /// <summary>Another product has this SKU, compared without case.</summary>
    public sealed record DuplicateSku(string Sku) : ProductEditOutcome;

    /// <summary>The product is no longer at the version the change was made for.</summary>
    public sealed record VersionChanged : ProductEditOutcome;

    /// <summary>Removing the units asked for would take the stock below zero.</summary>
    public sealed record NotEnoughStock(int Stock) : ProductEditOutcome;

    /// <summary>Adding the units asked for would take the stock over <see cref="int.MaxValue"/>.</summary>
    public sealed record StockFull(int Stock) : ProductEditOutcome;
}
