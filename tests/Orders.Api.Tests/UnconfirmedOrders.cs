using Ecommerce.ServiceDefaults.Authentication;
using System.Text.Json.Nodes;
using Ecommerce.ServiceDefaults.Data;
using Ecommerce.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Tests;

/// <summary>An order stored as checkout stores it, whose reservation nobody has confirmed: what a crash leaves.</summary>
public static class UnconfirmedOrders
{
    public static async Task StoreUnconfirmedOrderAsync(
        this RunningService<OrderingContext> orders, Guid orderId, JsonNode reservation, TimeSpan? placedAgo = null)
    {
        await using var scope = orders.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingContext>();
        var items = reservation["items"]!.AsArray().Select(i => new OrderItem
        {
            ProductId = Guid.Parse(i!["product_id"]!.GetValue<string>()),
            Sku = i["sku"]!.GetValue<string>(),
            Name = i["name"]!.GetValue<string>(),
            UnitPrice = i["unit_price"]!.GetValue<decimal>(),
            Currency = i["currency"]!.GetValue<string>(),
            Quantity = i["quantity"]!.GetValue<int>(),
        }).ToList();
        db.Orders.Add(Order.Place(orderId, new Actor(OrderClient.NewUser(), "storefront", null), null, items, TimeProvider.System.UtcNowForStorage() - (placedAgo ?? TimeSpan.FromMinutes(1))));
        await db.SaveChangesAsync();
    }
}
