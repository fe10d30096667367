using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Products.Api.Infrastructure;

namespace Products.Api.Tests;

public class InventoryApiTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private readonly HttpClient _client = api.Client;

    [Fact]
    public async Task Reserve_commit_and_release_move_units_between_stock_reserved_and_committed()
    {
        var product = await _client.CreateProductAsync(stock: 10, price: 12.5m);
        var productId = product["id"]!.GetValue<string>();
        var reservationId = Guid.CreateVersion7();

        var reserved = await _client.ReserveAsync(reservationId, 300, (productId, 3));

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal($"/inventory/reservations/{reservationId}", reserved.Headers.Location?.OriginalString);
        var body = await reserved.ReadJsonAsync();
        Assert.Equal("reserved", body["status"]!.GetValue<string>());
        var item = body["items"]![0]!;
        Assert.Equal(product["sku"]!.GetValue<string>(), item["sku"]!.GetValue<string>());
        Assert.Equal(12.5m, item["unit_price"]!.GetValue<decimal>());
        Assert.Equal("USD", item["currency"]!.GetValue<string>());
        Assert.Equal(3, item["quantity"]!.GetValue<int>());
        Assert.Equal(7, await _client.StockOfAsync(productId));
        Assert.Equal((7, 3, 0), await CountsAsync(productId));

        var committed = await _client.PostAsync($"/inventory/reservations/{reservationId}/commit", null);
        Assert.Equal("committed", (await committed.ReadJsonAsync())["status"]!.GetValue<string>());
        var again = await _client.PostAsync($"/inventory/reservations/{reservationId}/commit", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((7, 0, 3), await CountsAsync(productId));

        var released = await _client.PostAsync($"/inventory/reservations/{reservationId}/release", null);
        Assert.Equal("released", (await released.ReadJsonAsync())["status"]!.GetValue<string>());
        var releasedAgain = await _client.PostAsync($"/inventory/reservations/{reservationId}/release", null);
        Assert.Equal(HttpStatusCode.OK, releasedAgain.StatusCode);
        Assert.Equal((10, 0, 0), await CountsAsync(productId));

        var fetched = await _client.GetFromJsonAsync<JsonNode>($"/inventory/reservations/{reservationId}");
        Assert.Equal("released", fetched!["status"]!.GetValue<string>());
        await (await _client.PostAsync($"/inventory/reservations/{reservationId}/commit", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Insufficient_stock_reserves_nothing_and_lists_what_is_available()
    {
        var plenty = (await _client.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();
        var scarce = (await _client.CreateProductAsync(stock: 1))["id"]!.GetValue<string>();

        var response = await _client.ReserveAsync(Guid.CreateVersion7(), 300, (plenty, 2), (scarce, 2));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var unavailable = problem.GetProperty("unavailable")[0];
        Assert.Equal(scarce, unavailable.GetProperty("product_id").GetString());
        Assert.Equal(1, unavailable.GetProperty("available").GetInt32());
        Assert.Equal(10, await _client.StockOfAsync(plenty));
        Assert.Equal(1, await _client.StockOfAsync(scarce));
    }

    [Fact]
    public async Task An_unknown_or_deleted_product_is_422()
    {
        var deleted = (await _client.CreateProductAsync())["id"]!.GetValue<string>();
        await _client.DeleteAsync($"/products/{deleted}");

        var response = await _client.ReserveAsync(Guid.CreateVersion7(), 300, (Guid.CreateVersion7().ToString(), 1), (deleted, 1));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, problem.GetProperty("unknown_product_ids").GetArrayLength());
    }

    [Fact]
    public async Task Repeating_a_reservation_id_returns_the_first_reservation_and_reserves_once()
    {
        var productId = (await _client.CreateProductAsync(stock: 5))["id"]!.GetValue<string>();
        var reservationId = Guid.CreateVersion7();

        var first = await _client.ReserveAsync(reservationId, 300, (productId, 2));
        var replays = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _client.ReserveAsync(reservationId, 300, (productId, 2))));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.All(replays, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(3, await _client.StockOfAsync(productId));
        var other = await _client.ReserveAsync(reservationId, 300, (productId, 1));
        await other.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Repeating_a_reservation_id_after_its_product_sold_out_still_returns_the_first_reservation()
    {
        var productId = (await _client.CreateProductAsync(stock: 2))["id"]!.GetValue<string>();
        var reservationId = Guid.CreateVersion7();

        var first = await _client.ReserveAsync(reservationId, 300, (productId, 2));
        var replay = await _client.ReserveAsync(reservationId, 300, (productId, 2));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(reservationId.ToString(), (await replay.ReadJsonAsync())["reservation_id"]!.GetValue<string>());
        Assert.Equal(0, await _client.StockOfAsync(productId));
    }

    [Fact]
    public async Task Concurrent_first_requests_with_one_reservation_id_reserve_once()
    {
        var productId = (await _client.CreateProductAsync(stock: 50))["id"]!.GetValue<string>();
        var reservationId = Guid.CreateVersion7();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.ReserveAsync(reservationId, 300, (productId, 1))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(49, await _client.StockOfAsync(productId));
    }

    [Fact]
    public async Task Two_hundred_parallel_reservations_against_stock_50_sell_exactly_50()
    {
        var productId = (await _client.CreateProductAsync(stock: 50))["id"]!.GetValue<string>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _client.ReserveAsync(Guid.CreateVersion7(), 300, (productId, 1))));

        Assert.Equal(50, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(150, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal((0, 50, 0), await CountsAsync(productId));
    }

    [Fact]
    public async Task Parallel_two_line_reservations_in_both_orders_take_both_lines_or_neither()
    {
        var first = (await _client.CreateProductAsync(stock: 30))["id"]!.GetValue<string>();
        var second = (await _client.CreateProductAsync(stock: 30))["id"]!.GetValue<string>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => i % 2 == 0
            ? _client.ReserveAsync(Guid.CreateVersion7(), 300, (first, 1), (second, 1))
            : _client.ReserveAsync(Guid.CreateVersion7(), 300, (second, 1), (first, 1))));

        Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(70, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal((0, 30, 0), await CountsAsync(first));
        Assert.Equal((0, 30, 0), await CountsAsync(second));
    }

    [Fact]
    public async Task Committing_many_moves_each_products_units_of_all_its_reservations_and_answers_what_is_committed()
    {
        var shared = (await _client.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();
        var other = (await _client.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();
        var (first, second, both, before, released, unknown) =
            (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await _client.ReserveAsync(first, 300, (shared, 2));
        await _client.ReserveAsync(second, 300, (shared, 3));
        await _client.ReserveAsync(both, 300, (shared, 1), (other, 4));
        await _client.ReserveAsync(before, 300, (other, 1));
        await _client.PostAsync($"/inventory/reservations/{before}/commit", null);
        await _client.ReserveAsync(released, 300, (other, 5));
        await _client.PostAsync($"/inventory/reservations/{released}/release", null);

        var response = await _client.PostAsJsonAsync("/inventory/commits",
            new { reservation_ids = new[] { unknown, released, both, second, first, before, first } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var committed = (await response.ReadJsonAsync())["committed"]!.AsArray().Select(id => Guid.Parse(id!.GetValue<string>()));
        Assert.Equal(new[] { first, second, both, before }.Order(), committed.Order());
        Assert.Equal((4, 0, 6), await CountsAsync(shared));
        Assert.Equal((5, 0, 5), await CountsAsync(other));
        foreach (var id in new[] { first, second, both })
        {
            Assert.Equal("committed", (await _client.GetFromJsonAsync<JsonNode>($"/inventory/reservations/{id}"))!["status"]!.GetValue<string>());
        }

        Assert.Equal("released", (await _client.GetFromJsonAsync<JsonNode>($"/inventory/reservations/{released}"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parallel_batch_commits_reservations_and_releases_on_the_same_products_count_every_unit_once()
    {
        var first = (await _client.CreateProductAsync(stock: 100))["id"]!.GetValue<string>();
        var second = (await _client.CreateProductAsync(stock: 100))["id"]!.GetValue<string>();
        var held = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            var id = Guid.CreateVersion7();
            await _client.ReserveAsync(id, 300, i % 2 == 0 ? new[] { (first, 1), (second, 1) } : new[] { (second, 1), (first, 1) });
            held.Add(id);
        }

        // Overlapping batches in opposite orders, while new reservations and releases take the same rows.
        var batches = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? held.Skip(i * 4).Take(12) : held.Skip(i * 4).Take(12).Reverse())
            .Select(batch => _client.PostAsJsonAsync("/inventory/commits", new { reservation_ids = batch.ToArray() }));
        var reservations = Enumerable.Range(0, 20).Select(_ => _client.ReserveAsync(Guid.CreateVersion7(), 300, (first, 1), (second, 1)));
        var releases = held.Skip(36).Select(id => _client.PostAsync($"/inventory/reservations/{id}/release", null));
        var responses = await Task.WhenAll(batches.Concat(reservations).Concat(releases));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage!.RequestUri}: {(int)r.StatusCode}"));
        // 40 held: 36 committed by the batches, 4 released (committed first or not); 20 new ones reserved.
        Assert.Equal((44, 20, 36), await CountsAsync(first));
        Assert.Equal((44, 20, 36), await CountsAsync(second));
    }

    [Fact]
    public async Task An_expired_reservation_gives_its_stock_back_and_cannot_be_committed()
    {
        var productId = (await _client.CreateProductAsync(stock: 4))["id"]!.GetValue<string>();
        var reservationId = Guid.CreateVersion7();
        await _client.ReserveAsync(reservationId, 1, (productId, 4));
        Assert.Equal(0, await _client.StockOfAsync(productId));

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(15), async () => await _client.StockOfAsync(productId) == 4));
        Assert.Equal((4, 0, 0), await CountsAsync(productId));
        var reservation = await _client.GetFromJsonAsync<JsonNode>($"/inventory/reservations/{reservationId}");
        Assert.Equal("expired", reservation!["status"]!.GetValue<string>());
        var commit = await _client.PostAsync($"/inventory/reservations/{reservationId}/commit", null);
        await commit.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Unknown_reservations_are_404()
    {
        var id = Guid.CreateVersion7();

        await (await _client.GetAsync($"/inventory/reservations/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/inventory/reservations/{id}/commit", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/inventory/reservations/{id}/release", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync("/inventory/reservations/nope/release", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "reservation_id": "0193a1b2-0000-7000-8000-000000000001", "items": [] }""", "items")]
    [InlineData("""{ "reservation_id": "0193a1b2-0000-7000-8000-000000000001", "items": [{ "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 0 }] }""", "items[0].quantity")]
    [InlineData("""{ "reservation_id": "0193a1b2-0000-7000-8000-000000000001", "items": [{ "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": 1 }], "ttl_seconds": 0 }""", "ttl_seconds")]
    [InlineData("""{ "reservation_id": "not-a-uuid", "items": [] }""", "reservation_id")]
    [InlineData("""{ "reservation_id": "0193a1b2-0000-7000-8000-000000000001", "items": [{ "product_id": "0193a1b2-0000-7000-8000-000000000002", "quantity": "1" }] }""", "items[0].quantity")]
    [InlineData("""{ "reservation_id": "0193a1b2-0000-7000-8000-000000000001", "items": [null] }""", "items[0]")]
    [InlineData("""{ "reservation_id": "0193a1b2-0000-7000-8000-000000000001", "items": [{ "quantity": 1 }] }""", "items[0].product_id")]
    public async Task A_bad_reservation_is_400(string body, string field)
    {
        var response = await _client.PostAsync("/inventory/reservations", Json.Body(body));

        await response.AssertValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("""{ "reservation_ids": [] }""", "reservation_ids")]
    [InlineData("""{ "reservation_ids": [null] }""", "reservation_ids[0]")]
    [InlineData("""{ "reservation_ids": ["nope"] }""", "reservation_ids[0]")]
    [InlineData("""{ }""", "reservation_ids")]
    public async Task A_bad_commit_request_is_400(string body, string field)
    {
        var response = await _client.PostAsync("/inventory/commits", Json.Body(body));

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Committing_more_than_the_limit_at_once_is_400()
    {
        var ids = Enumerable.Range(0, 501).Select(_ => Guid.CreateVersion7()).ToArray();

        var response = await _client.PostAsJsonAsync("/inventory/commits", new { reservation_ids = ids });

        await response.AssertValidationProblemAsync("reservation_ids");
    }

    private async Task<(int Stock, int Reserved, int Committed)> CountsAsync(string productId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var id = Guid.Parse(productId);
        var product = await db.Products.AsNoTracking().IgnoreQueryFilters().SingleAsync(p => p.Id == id);
        return (product.Stock, product.Reserved, product.Committed);
    }
}
