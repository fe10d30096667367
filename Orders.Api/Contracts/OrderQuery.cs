using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Model;

namespace Orders.Api.Contracts;

/// <summary>The filters of GET /orders, bound as text so that a bad value is reported per field.</summary>
public sealed record OrderQuery(
    [property: FromQuery(Name = "user_id")] string? UserId,
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "after")] string? After) : IValidatableQuery<(string? UserId, OrderStatus? Status, PageRequest Page)>
{
    public (string? UserId, OrderStatus? Status, PageRequest Page) Validate(ValidationErrors errors)
    {
        var page = PageRequest.Parse(Limit, After, errors);
        errors.Text("user_id", UserId, 0, 128);
        OrderStatus? status = WireName.TryParse<OrderStatus>(Status, out var parsed) ? parsed : null;
        if (Status is not null && status is null)
        {
            errors.Add("status", $"Must be one of {string.Join(", ", WireName.All<OrderStatus>())}.");
        }

        return (UserId, status, page);
    }
}

/// <summary>The filter of GET /orders/statuses: whose orders an admin counts.</summary>
public sealed record OrderStatusQuery([property: FromQuery(Name = "user_id")] string? UserId) : IValidatableQuery<string?>
{
    public string? Validate(ValidationErrors errors) => errors.Text("user_id", UserId, 0, 128);
}
