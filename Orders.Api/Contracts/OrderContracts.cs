using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Contracts;

/// <summary>A checkout as it arrives: the order asked for, and the Idempotency-Key that makes its retries safe, if any.</summary>
public sealed record CheckoutRequest(
    [property: FromBody] CreateOrderRequest Order,
    [property: FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey) : IValidatableRequest
{
    string IValidatableRequest.InvalidDetail => "The order is not valid.";

    /// <summary>The body's errors and the key's, in one answer.</summary>
    public ValidationErrors Validate()
    {
        var errors = Order.Validate();
        if (IdempotencyKey is not null)
        {
            errors.Text("Idempotency-Key", IdempotencyKey, 1, IdempotencyKeys.MaxKeyLength);
        }

        return errors;
    }
}

/// <summary>
/// Either explicit items or a cart (the caller's) to check out; the order is the caller's, and <c>user_id</c>, when
/// given, must be the caller's <c>sub</c>.
/// </summary>
public sealed record CreateOrderRequest(string? UserId = null, IReadOnlyList<OrderLineRequest?>? Items = null, Guid? CartId = null)
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 1_000_000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (UserId is not null)
        {
            errors.Text("user_id", UserId, 1, 128);
        }

        if (CartId is null && Items is null)
        {
            errors.Add("items", "Give either items or a cart_id.");
        }
        else if (CartId is not null && Items is not null)
        {
            errors.Add("items", "Give either items or a cart_id, not both.");
        }
        else if (Items is not null)
        {
            ValidateItems(Items, errors);
        }

        return errors;
    }

    public static void ValidateItems(IReadOnlyList<OrderLineRequest?> items, ValidationErrors errors) =>
        errors.List("items", items, MaxLines, (field, line) => errors.Range($"{field}.quantity", line.Quantity, 1, MaxQuantity));

    /// <summary>The explicit lines, once <see cref="Validate"/> has found none of them null.</summary>
    public IReadOnlyList<OrderLineRequest>? ValidatedLines() =>
        Items?.Select(line => line ?? throw new InvalidOperationException("The request was not validated.")).ToList();
}

public sealed record OrderLineRequest(Guid ProductId, int Quantity);

public sealed record UpdateStatusRequest(OrderStatus Status);

public sealed record OrderResponse(
    Guid Id,
    string UserId,
    Guid? CartId,
    OrderStatus Status,
    IReadOnlyList<OrderItemResponse> Items,
    string Currency,
    decimal Total,
    IReadOnlyList<StatusChangeResponse> StatusHistory,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <param name="namesStaff">
    /// Whether the viewer manages orders. A customer sees their own changes' actor and none (the shop) on the changes of
    /// staff and the back office: who in the shop did what is for the shop's admins.
    /// </param>
    public static OrderResponse From(Order order, bool namesStaff) => new(
        order.Id,
        order.UserId,
        order.CartId,
        order.Status,
        order.Items.Select(i => new OrderItemResponse(i.ProductId, i.Sku, i.Name, i.UnitPrice, i.Currency, i.Quantity, i.LineTotal)).ToList(),
        order.Currency,
        order.Total,
        order.StatusHistory.OrderBy(c => c.At)
            .Select(c => new StatusChangeResponse(c.Status, c.At, c.Reason, namesStaff || c.Actor?.Sub == order.UserId ? c.Actor : null)).ToList(),
        order.CreatedAt,
        order.UpdatedAt);
}

public sealed record OrderItemResponse(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency, int Quantity, decimal LineTotal);

/// <summary>A status the order took, when, why (for the service's own changes) and who changed it (null: the service, or for a customer the shop).</summary>
public sealed record StatusChangeResponse(OrderStatus Status, DateTime At, string? Reason, Actor? Actor);

/// <summary>How many orders have a status.</summary>
public sealed record OrderStatusCount(OrderStatus Status, int Orders);
