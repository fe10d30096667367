using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Contracts;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>What a query over orders found, or that it asked for another customer's orders, which only an admin may.</summary>
public abstract record OrderQueryOutcome<T>
{
    private OrderQueryOutcome()
    {
    }

    public sealed record Found(T Value) : OrderQueryOutcome<T>;

    public sealed record OfAnotherCustomer : OrderQueryOutcome<T>;
}

/// <summary>A page of orders, newest first, read one row past the page so that the caller knows whether another follows.</summary>
public sealed record OrderPage(IReadOnlyList<Order> RowsPlusOne, PageRequest Request);

/// <summary>
/// Reads orders as their caller may see them: a customer their own, an admin everyone's. Someone else's order is not
/// found, exactly as one that does not exist.
/// </summary>
public sealed class OrderQueries(OrderingContext db)
{
    /// <summary>The order <paramref name="id"/> (an id that is no UUID is an order that does not exist), if the caller may see it.</summary>
    public async Task<Order?> FindAsync(string id, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var order = Guid.TryParse(id, out var orderId)
            ? await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken)
            : null;
        return order is not null && caller.MaySee(order) ? order : null;
    }

    public async Task<OrderQueryOutcome<OrderPage>> ListAsync(OrderQuery query, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var (requestedUserId, status, page) = query.Validated();
        if (!TryWhose(caller, requestedUserId, out var userId))
        {
            return new OrderQueryOutcome<OrderPage>.OfAnotherCustomer();
        }

        var orders = OrdersOf(userId);
        if (status is not null)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (page.After is { } after)
        {
            orders = orders.Where(o => o.Id < after);
        }

        var rows = await orders.OrderByDescending(o => o.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return new OrderQueryOutcome<OrderPage>.Found(new OrderPage(rows, page));
    }

    /// <summary>What <see cref="ListAsync"/> would list, counted per status, in lifecycle order (only statuses that have orders).</summary>
    public async Task<OrderQueryOutcome<IReadOnlyList<OrderStatusCount>>> CountByStatusAsync(
        OrderStatusQuery query, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (!TryWhose(caller, query.Validated(), out var userId))
        {
            return new OrderQueryOutcome<IReadOnlyList<OrderStatusCount>>.OfAnotherCustomer();
        }

        var counts = await OrdersOf(userId).GroupBy(o => o.Status)
            .Select(group => new OrderStatusCount(group.Key, group.Count())).ToListAsync(cancellationToken);
        // The enum lists the statuses in lifecycle order.
        return new OrderQueryOutcome<IReadOnlyList<OrderStatusCount>>.Found(counts.OrderBy(count => count.Status).ToList());
    }

    /// <summary>
    /// Whose orders the caller reads: an admin everyone's (or <paramref name="requested"/>'s), a customer their own. False
    /// when a customer asks for someone else's.
    /// </summary>
    private static bool TryWhose(ClaimsPrincipal caller, string? requested, out string? userId)
    {
        if (caller.IsOrdersAdmin())
        {
            userId = requested;
            return true;
        }

        userId = caller.Subject();
        return requested is null || requested == userId;
    }

    private IQueryable<Order> OrdersOf(string? userId) =>
        userId is null ? db.Orders.AsNoTracking() : db.Orders.AsNoTracking().Where(o => o.UserId == userId);
}
