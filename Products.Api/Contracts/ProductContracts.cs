using Ecommerce.ServiceDefaults.Http;
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
    string Currency = "USD")
{
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
    DateTime UpdatedAt)
{
    public static ProductResponse From(Product product) => new(
        product.Id, product.Sku, product.Name, product.Description, product.Category, product.Price, product.Currency,
        product.Stock, product.CreatedAt, product.UpdatedAt);
}
