using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Products.Api.Infrastructure;
using Products.Api.Model;

namespace Products.Api.Contracts;

/// <summary>The editable fields of a product, for POST and PUT (which replaces them all).</summary>
public sealed record ProductRequest(
    string Sku,
    string Name,
    decimal Price,
    int Stock = 0,
    string? Description = null,
    string? Category = null,
    string Currency = "USD") : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The product is not valid.";

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.Text("sku", Sku, 1, 64);
        errors.Text("name", Name, 1, 200);
        errors.Text("description", Description, 0, 4000);
        errors.Text("category", Category, 0, 100);
        errors.Money("price", Price);
        errors.Range("stock", Stock, 0, int.MaxValue);
        errors.Currency("currency", Currency);
        return errors;
    }

    public void ApplyTo(Product product)
    {
        product.Sku = Sku;
        product.Name = Name;
        product.Description = Description;
        product.Category = Category;
        product.Price = Price;
        product.Currency = Currency;
        product.Stock = Stock;
    }
}

public sealed record ProductResponse(
    Guid Id,
    string Sku,
    string Name,
    string? Description,
    string? Category,
    decimal Price,
    string Currency,
    int Stock,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? ImageUrl)
{
    public static ProductResponse From(Product product, string? imageVersion) => new(
        product.Id, product.Sku, product.Name, product.Description, product.Category, product.Price, product.Currency,
        product.Stock, product.CreatedAt, product.UpdatedAt, imageVersion is null ? null : ImageUrlOf(product.Id, imageVersion));

    public static ProductResponse From(ProductWithImage product) => From(product.Product, product.ImageVersion);

    /// <summary>
    /// Relative, so that it stays right behind any gateway; a new picture is a new URL, so a browser may keep a
    /// picture for as long as the image endpoint lets it.
    /// </summary>
    private static string ImageUrlOf(Guid productId, string version) => $"/products/{productId}/image?v={version}";
}

/// <summary>A category and how many products of the catalog are in it.</summary>
public sealed record CategoryResponse(string Name, int Products);

/// <summary>Units to add to a product's stock, or to remove from it when negative.</summary>
public sealed record StockAdjustmentRequest(int Adjustment) : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The stock adjustment is not valid.";

    public const int MaxAdjustment = 1_000_000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (Adjustment == 0)
        {
            errors.Add("adjustment", "Must not be 0.");
        }

        errors.Range("adjustment", Adjustment, -MaxAdjustment, MaxAdjustment);
        return errors;
    }
}

/// <summary>A change an admin made to a product: who, when, and each changed field's value before and after.</summary>
public sealed record ProductChangeResponse(ProductChangeKind Change, DateTime At, Actor Actor, IReadOnlyDictionary<string, FieldChange> Fields)
{
    public static ProductChangeResponse From(ProductChange change) => new(change.Change, change.At, change.Actor, change.Fields);
}
