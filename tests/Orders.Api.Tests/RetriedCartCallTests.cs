using System.Net;
using Ecommerce.ServiceDefaults.Http;
using Ecommerce.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orders.Api.Infrastructure;

namespace Orders.Api.Tests;

/// <summary>
/// A call to Carts.Api that a dead replica refused is retried on the other with the customer's token as it was: an
/// Orders.Api whose Carts.Api has a second replica that refuses every connection checks carts out as if it had one.
/// </summary>
public sealed class RetriedCartCallTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>, IAsyncLifetime
{
    private const int Checkouts = 12;

    // Moved past the quarantine before each checkout, so that each call chooses between both replicas again: about
    // half the checkouts meet the refusing one first (all of them avoid it with a chance of one in 4,096).
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private RunningService<OrderingContext> _orders = null!;

    public ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(fixture.Stack.OrdersSettings)
        {
            ["services:carts:http:1"] = $"http://127.0.0.1:{FreePort.Next()}",
        };
        _orders = new RunningService<OrderingContext>(settings, services => services.AddSingleton(new ReplicaSelection(_clock))).Start();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Every_cart_is_checked_out_and_emptied_though_one_replica_of_carts_refuses_connections()
    {
        var product = await fixture.Stack.Catalog.CreateProductAsync(stock: 100);
        var user = OrderClient.NewUser();
        var carts = fixture.Stack.CartsOf(user);
        using var orders = _orders.ClientAs(_ => fixture.Stack.Issuer.PersonToken(user));

        for (var checkout = 0; checkout < Checkouts; checkout++)
        {
            _clock.Advance(ReplicaSelection.Quarantine * 2);
            var cart = await (await carts.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
            await carts.PostAsync($"/carts/{cart.Id()}/items", Json.Body(new { product_id = product.Id(), quantity = 1 }));

            var response = await orders.PostAsync("/orders", Json.Body(new { cart_id = cart.Id() }));

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Empty((await (await carts.GetAsync($"/carts/{cart.Id()}")).ReadJsonAsync())["items"]!.AsArray());
        }

        Assert.Equal(100 - Checkouts, await fixture.Stack.Catalog.StockOfAsync(product.Id()));
    }

    public async ValueTask DisposeAsync() => await _orders.DisposeAsync();
}
