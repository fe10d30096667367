using System.Net;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

namespace Orders.Api.Tests;

/// <summary>GET /orders/statuses: how many orders each status has, among the orders the caller may list.</summary>
public class StatusCountTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    private static readonly string[] Lifecycle = ["pending", "paid", "shipped", "delivered", "cancelled"];

    [Fact]
    public async Task A_customer_counts_their_own_orders_in_lifecycle_order_and_an_admin_anyones()
    {
        var customer = OrderClient.NewUser();
        var someoneElse = OrderClient.NewUser();
        var product = (await fixture.Stack.Catalog.CreateProductAsync(stock: 100)).Id();
        var orders = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            orders.Add((await fixture.Stack.PlacedOrderAsync(customer, (product, 1))).Id());
        }

        await fixture.Stack.PlacedOrderAsync(someoneElse, (product, 1));
        var admin = fixture.Stack.OrdersAdmin;
        Assert.Equal(HttpStatusCode.OK, (await fixture.Stack.OrdersOf(customer).SetStatusAsync(orders[0], "cancelled")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SetStatusAsync(orders[1], "paid")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SetStatusAsync(orders[2], "paid")).StatusCode);

        var own = await CountsAsync(fixture.Stack.OrdersOf(customer), "/orders/statuses");
        var filtered = await CountsAsync(admin, $"/orders/statuses?user_id={customer}");
        var theirOwnByName = await CountsAsync(fixture.Stack.OrdersOf(customer), $"/orders/statuses?user_id={customer}");
        var everyones = await CountsAsync(admin, "/orders/statuses");
        var viaAdminPerson = await CountsAsync(fixture.Stack.OrdersOf(Callers.AdminId, admin: true), $"/orders/statuses?user_id={someoneElse}");

        Assert.Equal(["pending:1", "paid:2", "cancelled:1"], own);
        Assert.Equal(own, filtered);
        Assert.Equal(own, theirOwnByName);
        Assert.Equal(["pending:1"], viaAdminPerson);
        var statuses = everyones.Select(c => c.Split(':')[0]).ToList();
        Assert.Equal(Lifecycle.Where(statuses.Contains), statuses);
        Assert.True(Count(everyones, "pending") >= 2 && Count(everyones, "paid") >= 2 && Count(everyones, "cancelled") >= 1, string.Join(", ", everyones));
    }

    [Fact]
    public async Task A_caller_without_orders_gets_an_empty_list()
    {
        Assert.Empty(await CountsAsync(fixture.Stack.OrdersOf(OrderClient.NewUser()), "/orders/statuses"));
        Assert.Empty(await CountsAsync(fixture.Stack.OrdersAdmin, $"/orders/statuses?user_id={OrderClient.NewUser()}"));
    }

    [Fact]
    public async Task Another_customers_counts_are_403_a_stranger_401_and_a_bad_user_id_400()
    {
        using var anonymous = fixture.Stack.Orders.ClientWith(null);

        await (await fixture.Stack.OrdersOf(OrderClient.NewUser()).GetAsync($"/orders/statuses?user_id={OrderClient.NewUser()}"))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.GetAsync("/orders/statuses")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await fixture.Stack.OrdersAdmin.GetAsync($"/orders/statuses?user_id={new string('u', 129)}")).AssertValidationProblemAsync("user_id");
    }

    private static async Task<List<string>> CountsAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsArray()
            .Select(c => $"{c!["status"]!.GetValue<string>()}:{c["orders"]!.GetValue<int>()}").ToList();
    }

    private static int Count(List<string> counts, string status) =>
        counts.Where(c => c.StartsWith($"{status}:", StringComparison.Ordinal)).Select(c => int.Parse(c.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).SingleOrDefault();
}
