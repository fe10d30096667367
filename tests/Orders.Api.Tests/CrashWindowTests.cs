using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Api.Application;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Tests;

/// <summary>
/// The states a checkout leaves behind when Orders.Api dies part-way, made directly in the databases, and
/// what the background workers make of them.
/// </summary>
public class CrashWindowTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    private readonly HttpClient _products = fixture.Stack.Catalog;
    private readonly HttpClient _orders = fixture.Stack.OrdersAdmin;

    [Fact]
    public async Task Died_after_reserving_the_reservation_expires_and_the_stock_comes_back()
    {
        var product = await _products.CreateProductAsync(stock: 5);
        var orphan = Guid.CreateVersion7();
        Assert.Equal(HttpStatusCode.Created, (await _products.ReserveAsync(orphan, 1, (product.Id(), 5))).StatusCode);
        Assert.Equal(0, await _products.StockOfAsync(product.Id()));

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => await _products.StockOfAsync(product.Id()) == 5));
        Assert.Equal("expired", (await ReservationAsync(orphan))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Died_after_storing_the_order_the_reconciler_commits_its_reservation()
    {
        var product = await _products.CreateProductAsync(stock: 5, price: 3m);
        var orderId = Guid.CreateVersion7();
        var reserved = await (await _products.ReserveAsync(orderId, 300, (product.Id(), 2))).ReadJsonAsync();
        await fixture.Stack.Orders.StoreUnconfirmedOrderAsync(orderId, reserved);

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => (await ReservationAsync(orderId))["status"]!.GetValue<string>() == "committed"));
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => await ReservationStateAsync(orderId) == ReservationState.Committed));
        var order = await _orders.GetFromJsonAsync<JsonNode>($"/orders/{orderId}");
        Assert.Equal("pending", order!["status"]!.GetValue<string>());
        Assert.Equal(3, await _products.StockOfAsync(product.Id()));
    }

    [Fact]
    public async Task The_reconciler_reports_how_many_orders_it_finds_unconfirmed_and_none_once_it_confirmed_them()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var meters = fixture.Stack.Orders.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "ecommerce.orders.unconfirmed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => seen.Enqueue(value));
        listener.Start();
        var product = await _products.CreateProductAsync(stock: 5, price: 3m);
        var orderId = Guid.CreateVersion7();
        var reserved = await (await _products.ReserveAsync(orderId, 300, (product.Id(), 2))).ReadJsonAsync();

        await fixture.Stack.Orders.StoreUnconfirmedOrderAsync(orderId, reserved);

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), () => Task.FromResult(seen.Any(value => value >= 1))));
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => await ReservationStateAsync(orderId) == ReservationState.Committed));
        seen.Clear();
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), () => Task.FromResult(seen.Contains(0))));
    }

    [Fact]
    public async Task Died_after_storing_the_order_and_the_reservation_expired_the_reconciler_cancels_it_and_says_why()
    {
        var product = await _products.CreateProductAsync(stock: 5);
        var orderId = await StoreOrderWithExpiredReservationAsync(product.Id(), TimeSpan.FromMinutes(1));

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => await ReservationStateAsync(orderId) == ReservationState.Released));
        var order = await _orders.GetFromJsonAsync<JsonNode>($"/orders/{orderId}");
        Assert.Equal("cancelled", order!["status"]!.GetValue<string>());
        var last = order["status_history"]!.AsArray().Last()!;
        Assert.Equal(ReservationConfirmation.ExpiredReason, last["reason"]!.GetValue<string>());
        // The service cancelled it, not a person: the entry names no actor.
        Assert.True(last.AsObject().ContainsKey("actor"));
        Assert.Null(last["actor"]);
        Assert.NotNull(order["status_history"]![0]!["actor"]);
        Assert.Equal(5, await _products.StockOfAsync(product.Id()));
    }

    [Fact]
    public async Task A_cancellation_whose_release_did_not_happen_is_finished_by_the_reconciler()
    {
        var product = await _products.CreateProductAsync(stock: 5);
        var order = await fixture.Stack.PlacedOrderAsync(OrderClient.NewUser(), (product.Id(), 2));
        await using (var scope = fixture.Stack.Orders.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderingContext>();
            var id = Guid.Parse(order.Id());
            var stored = await db.Orders.SingleAsync(o => o.Id == id);
            stored.MoveTo(OrderStatus.Cancelled, DateTime.UtcNow, reason: null, actor: null);
            await db.SaveChangesAsync();
        }

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => await _products.StockOfAsync(product.Id()) == 5));
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => await ReservationStateAsync(Guid.Parse(order.Id())) == ReservationState.Released));
    }

    [Fact]
    public async Task Paying_an_order_whose_stock_is_not_confirmed_yet_confirms_it_first()
    {
        var product = await _products.CreateProductAsync(stock: 5);
        var orderId = Guid.CreateVersion7();
        var reserved = await (await _products.ReserveAsync(orderId, 300, (product.Id(), 1))).ReadJsonAsync();
        await fixture.Stack.Orders.StoreUnconfirmedOrderAsync(orderId, reserved, placedAgo: TimeSpan.Zero);

        var pay = await _orders.SetStatusAsync(orderId.ToString(), "paid");

        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        Assert.Equal("paid", (await pay.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(ReservationState.Committed, await ReservationStateAsync(orderId));
        Assert.Equal("committed", (await ReservationAsync(orderId))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paying_an_order_whose_reservation_expired_before_it_was_confirmed_cancels_it_and_says_why()
    {
        var product = await _products.CreateProductAsync(stock: 5);
        var orderId = await StoreOrderWithExpiredReservationAsync(product.Id(), placedAgo: TimeSpan.Zero);

        var pay = await _orders.SetStatusAsync(orderId.ToString(), "paid");

        var problem = await pay.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("cancelled", problem.GetProperty("current_status").GetString());
        var order = await _orders.GetFromJsonAsync<JsonNode>($"/orders/{orderId}");
        Assert.Equal(ReservationConfirmation.ExpiredReason, order!["status_history"]!.AsArray().Last()!["reason"]!.GetValue<string>());
        Assert.Equal(5, await _products.StockOfAsync(product.Id()));
    }

    /// <summary>An order stored after its reservation of 2 units had expired, as if checkout stalled for minutes.</summary>
    private async Task<Guid> StoreOrderWithExpiredReservationAsync(string productId, TimeSpan placedAgo)
    {
        var orderId = Guid.CreateVersion7();
        var reserved = await (await _products.ReserveAsync(orderId, 1, (productId, 2))).ReadJsonAsync();
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () => (await ReservationAsync(orderId))["status"]!.GetValue<string>() == "expired"));
        await fixture.Stack.Orders.StoreUnconfirmedOrderAsync(orderId, reserved, placedAgo);
        return orderId;
    }

    private async Task<ReservationState> ReservationStateAsync(Guid orderId)
    {
        await using var scope = fixture.Stack.Orders.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingContext>();
        return await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.Reservation).SingleAsync();
    }

    private async Task<JsonNode> ReservationAsync(Guid id) =>
        (await _products.GetFromJsonAsync<JsonNode>($"/inventory/reservations/{id}"))!;

}
