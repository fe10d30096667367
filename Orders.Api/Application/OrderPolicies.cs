using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>docs/api.md's rules for orders: a customer's are theirs; an admin (orders.manage, or a person with the admin role) manages all.</summary>
public static class OrderPolicies
{
    /// <summary>A customer (scope orders) or an admin (orders.manage): who may call the orders API at all.</summary>
    public const string Reader = "orders-reader";

    public static AuthorizationBuilder AddOrderPolicies(this AuthorizationBuilder builder) => builder
        .AddScopePolicy(Scopes.Orders)
        .AddScopePolicy(Reader, Scopes.Orders, Scopes.OrdersManage);

    /// <summary>The back office's token, or a person's with the admin role.</summary>
    public static bool IsOrdersAdmin(this ClaimsPrincipal caller) => caller.HasScope(Scopes.OrdersManage) || caller.IsAdminPerson();

    public static bool MaySee(this ClaimsPrincipal caller, Order order) => caller.IsOrdersAdmin() || order.UserId == caller.Subject();
}
