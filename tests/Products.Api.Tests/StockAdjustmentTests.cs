using System.Net;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Products.Api.Infrastructure;

namespace Products.Api.Tests;

/// <summary>POST /products/{id}/stock: units added or removed in one statement, beside the reservations.</summary>
public class StockAdjustmentTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private readonly HttpClient _client = api.Client;

    [Fact]
    public async Task An_adjustment_adds_or_removes_units_and_answers_the_product_with_its_etag()
    {
        var id = (await _client.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();

        var added = await AdjustAsync(id, 5);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var product = await added.ReadJsonAsync();
        Assert.Equal(id, product["id"]!.GetValue<string>());
        Assert.Equal(15, product["stock"]!.GetValue<int>());
        var fetched = await _client.GetAsync($"/products/{id}");
        Assert.NotNull(added.Headers.ETag);
        Assert.Equal(fetched.Headers.ETag, added.Headers.ETag);
        Assert.Equal(product.ToJsonString(), (await fetched.ReadJsonAsync()).ToJsonString());

        var removed = await AdjustAsync(id, -15);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(0, (await removed.ReadJsonAsync())["stock"]!.GetValue<int>());
        Assert.NotEqual(added.Headers.ETag, removed.Headers.ETag);
    }

    [Fact]
    public async Task Removing_more_than_is_in_stock_is_409_saying_how_many_are_and_changes_nothing()
    {
        var id = (await _client.CreateProductAsync(stock: 3))["id"]!.GetValue<string>();
        (await _client.ReserveAsync(Guid.CreateVersion7(), 300, (id, 2))).EnsureSuccessStatusCode();

        var problem = await (await AdjustAsync(id, -2)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("Only 1 units are in stock", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, problem.GetProperty("stock").GetInt32());
        Assert.Equal(1, await _client.StockOfAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await AdjustAsync(id, -1)).StatusCode);
        Assert.Equal(0, await _client.StockOfAsync(id));
    }

    [Fact]
    public async Task Stock_beyond_what_a_product_can_hold_is_409()
    {
        var id = (await _client.CreateProductAsync(stock: int.MaxValue - 10))["id"]!.GetValue<string>();

        await (await AdjustAsync(id, 11)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(int.MaxValue - 10, await _client.StockOfAsync(id));
    }

    [Fact]
    public async Task An_unknown_or_deleted_product_is_404()
    {
        var deleted = (await _client.CreateProductAsync())["id"]!.GetValue<string>();
        await _client.DeleteAsync($"/products/{deleted}");

        await (await AdjustAsync(deleted, 1)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AdjustAsync(Guid.CreateVersion7().ToString(), 1)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await AdjustAsync("not-a-uuid", 1)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "adjustment": 0 }""")]
    [InlineData("""{ "adjustment": 1000001 }""")]
    [InlineData("""{ "adjustment": -1000001 }""")]
    [InlineData("""{ "adjustment": 1.5 }""")]
    [InlineData("""{ "adjustment": "5" }""")]
    [InlineData("""{ "adjustment": null }""")]
    [InlineData("""{ "adjustment": 99999999999 }""")]
    [InlineData("""{ }""")]
    public async Task A_bad_adjustment_is_400_naming_it_and_changes_nothing(string body)
    {
        var id = (await _client.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();

        var response = await _client.PostAsync($"/products/{id}/stock", Json.Body(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("adjustment", problem.GetProperty("errors").ToString(), StringComparison.Ordinal);
        Assert.Equal(10, await _client.StockOfAsync(id));
    }

    [Fact]
    public async Task The_extremes_of_the_range_are_taken()
    {
        var id = (await _client.CreateProductAsync(stock: 0))["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await AdjustAsync(id, 1_000_000)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AdjustAsync(id, -1_000_000)).StatusCode);
        Assert.Equal(0, await _client.StockOfAsync(id));
    }

    [Fact]
    public async Task Only_catalog_writers_adjust_stock()
    {
        var id = (await _client.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();
        var callers = new Callers(api.Issuer);
        using var anonymous = api.Service.ClientWith(null);
        using var customer = api.Service.ClientWith(callers.Customer.Token);
        using var ordersService = api.Service.ClientWith(callers.OrdersService.Token);
        using var admin = api.Service.ClientWith(callers.Admin.Token);

        await (await AdjustAsync(id, 1, anonymous)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // A customer's token is not for this service at all; Orders.Api's is, without catalog.write.
        await (await AdjustAsync(id, 1, customer)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await AdjustAsync(id, 1, ordersService)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(10, await _client.StockOfAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await AdjustAsync(id, 1, admin)).StatusCode);
        Assert.Equal(11, await _client.StockOfAsync(id));
    }

    [Fact]
    public async Task Adjustments_racing_reservations_lose_no_unit()
    {
        var id = (await _client.CreateProductAsync(stock: 100))["id"]!.GetValue<string>();

        var adjustments = Enumerable.Range(0, 20).Select(i => AdjustAsync(id, i % 2 == 0 ? 3 : -1));
        var reservations = Enumerable.Range(0, 20).Select(_ => _client.ReserveAsync(Guid.CreateVersion7(), 300, (id, 2)));
        var answers = await Task.WhenAll(adjustments.Concat(reservations));

        Assert.All(answers, answer => Assert.True(answer.IsSuccessStatusCode, answer.StatusCode.ToString()));
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(id), TestContext.Current.CancellationToken);
        Assert.Equal(100 + (10 * 3) - 10 - (20 * 2), product.Stock);
        Assert.Equal(40, product.Reserved);
    }

    private Task<HttpResponseMessage> AdjustAsync(string id, int adjustment, HttpClient? client = null) =>
        (client ?? _client).PostAsync($"/products/{id}/stock", Json.Body(new { adjustment }));
}
