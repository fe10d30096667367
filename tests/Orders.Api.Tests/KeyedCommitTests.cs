using System.Net;
using System.Net.Http.Headers;
using Ecommerce.TestSupport;

namespace Orders.Api.Tests;

/// <summary>
/// A keyed checkout stopped inside the transaction that stores its order and its key's answer: nothing of it is visible
/// until the commit, a retry that took the key over wins, and a process killed there leaves a retry one order to place.
/// </summary>
public sealed class KeyedCommitTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>, IAsyncLifetime
{
    private readonly HttpClient _products = fixture.Stack.Catalog;
    private StalledCommit _stall = null!;

    public async ValueTask InitializeAsync() => _stall = await StalledCommit.InstallAsync(fixture.Stack.OrdersSettings["ConnectionStrings:ordersdb"]!);

    public async ValueTask DisposeAsync() => await _stall.DisposeAsync();

    [Fact]
    public async Task The_order_and_its_key_answer_are_committed_together()
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var user = StalledCommit.BeforeCommitPrefix + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString();

        await _stall.HoldAsync();
        var checkout = PostAsync(fixture.Stack.OrdersOf(user), key, product.Id());
        Assert.True(await _stall.WaitForStalledCheckoutAsync());
        Assert.Equal(0, await OrdersOfAsync(user));
        Assert.Equal(0, await AnsweredKeysAsync(user));
        await _stall.ReleaseAsync();

        var response = await checkout;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var orderId = Guid.Parse((await response.ReadJsonAsync()).Id());
        Assert.Equal(orderId, await _stall.ScalarAsync<Guid>("SELECT order_id FROM idempotency_keys WHERE user_id = $1 AND key = $2", user, key));
        Assert.Equal(1, await OrdersOfAsync(user));
    }

    [Fact]
    public async Task A_request_whose_key_a_retry_took_over_stores_no_order_and_gives_the_stock_back()
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var user = StalledCommit.AfterOrderPrefix + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString();

        await _stall.HoldAsync();
        var checkout = PostAsync(fixture.Stack.OrdersOf(user), key, product.Id());
        Assert.True(await _stall.WaitForStalledCheckoutAsync());
        // What a retry does to a key it finds abandoned: claim it anew, with its own time.
        await _stall.ExecuteAsync("UPDATE idempotency_keys SET created_at = created_at + interval '1 minute' WHERE user_id = $1 AND key = $2", user, key);
        await _stall.ReleaseAsync();

        var response = await checkout;
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("took the request over", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await OrdersOfAsync(user));
        Assert.Equal(0, await AnsweredKeysAsync(user));
        Assert.Equal(10, await _products.StockOfAsync(product.Id()));
    }

    [Fact]
    public async Task Killed_before_its_commit_its_key_is_taken_over_at_once_and_the_order_placed_once()
    {
        var product = await _products.CreateProductAsync(stock: 10);
        var user = StalledCommit.BeforeCommitPrefix + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString();
        var settings = fixture.Stack.OrdersSettings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        settings["Orders__ReservationTimeToLive"] = "00:00:05";
        await using var replica = await ServiceProcess.StartAsync(BuildOutput.Repository, "Orders.Api", BuildOutput.Configuration, settings);
        using var client = new HttpClient { BaseAddress = replica.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Stack.Issuer.PersonToken(user));
        // The other replica: the fixture's own Orders.Api, which frees a key by its age only after the default 45 s.
        var otherReplica = fixture.Stack.OrdersOf(user);

        await _stall.HoldAsync();
        var checkout = PostAsync(client, key, product.Id());
        Assert.True(await _stall.WaitForStalledCheckoutAsync());
        // While the replica that claimed the key lives, the key stays its own.
        var whileAlive = await PostAsync(otherReplica, key, product.Id());
        var inProgress = await whileAlive.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("still being processed", inProgress.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await replica.KillAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => checkout);
        await _stall.ReleaseAsync();

        // PostgreSQL ends the dead replica's sessions as their sockets close: within moments its claim is known to be
        // dead, long before the key's age would free it, and the retry places the order.
        HttpResponseMessage retry;
        var statuses = new List<HttpStatusCode>();
        do
        {
            retry = await PostAsync(otherReplica, key, product.Id());
            statuses.Add(retry.StatusCode);
            await Task.Delay(100);
        }
        while (retry.StatusCode == HttpStatusCode.Conflict && statuses.Count < 50);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var replayed = await PostAsync(otherReplica, key, product.Id());
        Assert.Equal(retry.Headers.Location, replayed.Headers.Location);
        Assert.Equal(1, await OrdersOfAsync(user));
        // The killed attempt's reservation expires; the order's is committed: two units gone, once.
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(30), async () => await _products.StockOfAsync(product.Id()) == 8));
    }

    private Task<long> OrdersOfAsync(string user) => _stall.ScalarAsync<long>("SELECT count(*) FROM orders WHERE user_id = $1", user);

    private Task<long> AnsweredKeysAsync(string user) =>
        _stall.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE user_id = $1 AND completed_at IS NOT NULL", user);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, string productId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = Json.Body(new { items = new[] { new { product_id = productId, quantity = 2 } } }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
