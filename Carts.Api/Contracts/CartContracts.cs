using Carts.Api.Model;
using Ecommerce.ServiceDefaults.Http;

namespace Carts.Api.Contracts;

/// <summary>A new cart is the caller's; <c>user_id</c> may be given, and then must be the caller's <c>sub</c>.</summary>
public sealed record CreateCartRequest(string? UserId = null) : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The cart is not valid.";

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (UserId is not null)
        {
            errors.Text("user_id", UserId, 1, 128);
        }

        return errors;
    }
}

public sealed record AddItemRequest(Guid ProductId, int Quantity = 1) : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The item is not valid.";

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.Range("quantity", Quantity, 1, CartLimits.MaxQuantity);
        return errors;
    }
}

public sealed record SetQuantityRequest(int Quantity) : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The quantity is not valid.";

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.Range("quantity", Quantity, 0, CartLimits.MaxQuantity);
        return errors;
    }
}

public static class CartLimits
{
    public const int MaxQuantity = 1000;
}

public sealed record CartResponse(
    Guid Id,
    string UserId,
    IReadOnlyList<CartItemResponse> Items,
    int TotalQuantity,
    decimal Subtotal,
    string Currency,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime ExpiresAt)
{
    public static CartResponse From(Cart cart) => new(
        cart.Id,
        cart.UserId,
        cart.Lines.Select(line => new CartItemResponse(
            line.Product.ProductId, line.Product.Sku, line.Product.Name, line.Product.UnitPrice, line.Product.Currency,
            line.Quantity, line.LineTotal)).ToList(),
        cart.Lines.Sum(line => line.Quantity),
        cart.Lines.Sum(line => line.LineTotal),
        cart.Currency,
        cart.CreatedAt,
        cart.UpdatedAt,
        cart.ExpiresAt);
}

public sealed record CartItemResponse(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency, int Quantity, decimal LineTotal);
