using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

namespace Orders.Api.Tests;

/// <summary>Each status an order takes names who moved it there: the customer, an admin, or (null) the service itself.</summary>
public class StatusActorTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    private const string StaffEmail = "admin@shop.test";

    private readonly HttpClient _products = fixture.Stack.Catalog;

    [Fact]
    public async Task The_customer_places_and_cancels_their_order_and_each_entry_names_them()
    {
        var customer = OrderClient.NewUser();
        var product = await _products.CreateProductAsync();
        var order = await fixture.Stack.PlacedOrderAsync(customer, (product.Id(), 1));

        var cancelled = await fixture.Stack.OrdersOf(customer).SetStatusAsync(order.Id(), "cancelled");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var them = Actor(customer, "storefront", null);
        Assert.Equal([them], order["status_history"]!.AsArray().Select(h => h!["actor"]!.ToJsonString()));
        Assert.Equal([them, them], (await cancelled.ReadJsonAsync())["status_history"]!.AsArray().Select(h => h!["actor"]!.ToJsonString()));
    }

    [Fact]
    public async Task A_staff_member_and_the_back_office_are_named_on_the_transitions_they_made()
    {
        var customer = OrderClient.NewUser();
        var product = await _products.CreateProductAsync();
        var order = await fixture.Stack.PlacedOrderAsync(customer, (product.Id(), 1));
        using var staff = fixture.Stack.Orders.ClientWith(fixture.Stack.Issuer.AccessToken(
            Callers.AdminId, "openid email orders orders.manage", role: "admin", change: payload => payload["email"] = StaffEmail));

        Assert.Equal(HttpStatusCode.OK, (await staff.SetStatusAsync(order.Id(), "paid")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Stack.OrdersAdmin.SetStatusAsync(order.Id(), "shipped")).StatusCode);

        var history = (await fixture.Stack.OrdersAdmin.GetFromJsonAsync<JsonNode>($"/orders/{order.Id()}"))!["status_history"]!.AsArray();
        Assert.Equal(["pending", "paid", "shipped"], history.Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal(
            [Actor(customer, "storefront", null), Actor(Callers.AdminId, "storefront", StaffEmail), Actor("back-office", "back-office", null)],
            history.Select(h => h!["actor"]!.ToJsonString()));
        Assert.Equal(history.ToJsonString(), (await staff.GetFromJsonAsync<JsonNode>($"/orders/{order.Id()}"))!["status_history"]!.ToJsonString());

        // The customer sees the same history, with the shop's changes made by "the shop": no staff member's name or email.
        var theirs = (await fixture.Stack.OrdersOf(customer).GetFromJsonAsync<JsonNode>($"/orders/{order.Id()}"))!["status_history"]!.AsArray();
        Assert.Equal(["pending", "paid", "shipped"], theirs.Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal([Actor(customer, "storefront", null), null, null], theirs.Select(h => h!["actor"]?.ToJsonString()));
        var listed = (await fixture.Stack.OrdersOf(customer).GetFromJsonAsync<JsonArray>("/orders"))!;
        Assert.DoesNotContain(StaffEmail, listed.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_order_carries_the_actors_too()
    {
        var customer = OrderClient.NewUser();
        var product = await _products.CreateProductAsync();
        await fixture.Stack.PlacedOrderAsync(customer, (product.Id(), 1));

        var listed = (await fixture.Stack.OrdersOf(customer).GetFromJsonAsync<JsonArray>("/orders"))!;

        Assert.Equal(Actor(customer, "storefront", null), Assert.Single(listed)!["status_history"]![0]!["actor"]!.ToJsonString());
    }

    private static string Actor(string sub, string? clientId, string? email) =>
        new JsonObject { ["sub"] = sub, ["client_id"] = clientId, ["email"] = email }.ToJsonString();
}
