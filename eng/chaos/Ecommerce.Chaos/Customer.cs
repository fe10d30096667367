using System.Text.Json.Nodes;

namespace Ecommerce.Chaos;

/// <summary>
/// A shopper: fills a cart (setting quantities, which a retry cannot apply twice), reads it back, checks out with an
/// Idempotency-Key, retrying until the platform answers, and now and then cancels. Every round also changes a cart kept
/// for the whole run, whose contents are checked in Redis at the end.
/// </summary>
public sealed class Customer(ShopClient shop, ClientLedger ledger, IReadOnlyList<Guid> catalog, string id, string token, int seed)
{
    private readonly Random _random = new(seed);

    public async Task RunAsync(CancellationToken stop)
    {
        var kept = await CreateCartAsync();
        var keptContents = new Dictionary<Guid, int>();
        while (!stop.IsCancellationRequested)
        {
            if (kept is { } keptCart && await SetQuantityAsync(keptCart, Pick(), _random.Next(1, 4)) is var (product, quantity))
            {
                keptContents[product] = quantity;
                ledger.KeptCarts[keptCart] = new Dictionary<Guid, int>(keptContents);
            }

            await ShopOnceAsync();
        }
    }

    private async Task ShopOnceAsync()
    {
        if (await CreateCartAsync() is not { } cart)
        {
            return;
        }

        var expected = new Dictionary<Guid, int>();
        foreach (var product in Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick()).Distinct())
        {
            if (await SetQuantityAsync(cart, product, _random.Next(1, 3)) is var (changed, quantity))
            {
                expected[changed] = quantity;
            }
        }

        var read = await Retrying.UntilAnsweredAsync(() => shop.SendAsync("get cart", HttpMethod.Get, $"/carts/{cart}", token));
        if (read.IsSuccess && Differs(expected, Items(read.Body!)))
        {
            ledger.LostCartUpdate($"cart {cart} read back {read.Body!["items"]!.ToJsonString()}, acknowledged {Describe(expected)}");
        }

        if (expected.Count == 0)
        {
            return;
        }

        var key = Guid.NewGuid().ToString();
        var startedAt = shop.Log.Now;
        var order = await Retrying.UntilAnsweredAsync(
            () => shop.SendAsync("checkout", HttpMethod.Post, "/orders", token, new { cart_id = cart }, headers => headers.Add("Idempotency-Key", key)),
            alsoRetry: reply => reply.Status == 409 && reply.Detail?.Contains("still being processed", StringComparison.Ordinal) == true);
        shop.Log.Add(new Checkout(startedAt, shop.Log.Now, order.Status));
        if (order.Status != 201)
        {
            return;
        }

        var placed = new PlacedOrder(Guid.Parse(order.Body!["id"]!.GetValue<string>()), id, key, Items(order.Body), order.Body["total"]!.GetValue<decimal>());
        ledger.Placed.Add(placed);
        if (Differs(expected, placed.Items))
        {
            ledger.LostCartUpdate($"order {placed.Id} of cart {cart} charged {Describe(placed.Items)}, acknowledged {Describe(expected)}");
        }

        if (_random.Next(4) == 0)
        {
            var cancel = await Retrying.UntilAnsweredAsync(() => shop.SendAsync(
                "cancel order", HttpMethod.Put, $"/orders/{placed.Id}/status", token, new { status = "cancelled" }));
            if (cancel.IsSuccess)
            {
                ledger.CancelledOrders.Add(placed.Id);
            }
        }
    }

    private async Task<Guid?> CreateCartAsync()
    {
        var created = await Retrying.UntilAnsweredAsync(() => shop.SendAsync("create cart", HttpMethod.Post, "/carts", token, new { }));
        return created.Status == 201 ? Guid.Parse(created.Body!["id"]!.GetValue<string>()) : null;
    }

    /// <summary>The change, once acknowledged; null when refused (over the product's stock) or never answered.</summary>
    private async Task<(Guid Product, int Quantity)?> SetQuantityAsync(Guid cart, Guid product, int quantity)
    {
        var set = await Retrying.UntilAnsweredAsync(() => shop.SendAsync(
            "set cart quantity", HttpMethod.Put, $"/carts/{cart}/items/{product}", token, new { quantity }));
        return set.IsSuccess ? (product, quantity) : null;
    }

    private Guid Pick() => catalog[_random.Next(catalog.Count)];

    public static Dictionary<Guid, int> Items(JsonNode body) => body["items"]!.AsArray()
        .ToDictionary(item => Guid.Parse(item!["product_id"]!.GetValue<string>()), item => item!["quantity"]!.GetValue<int>());

    public static bool Differs(IReadOnlyDictionary<Guid, int> expected, IReadOnlyDictionary<Guid, int> actual) =>
        expected.Count != actual.Count || expected.Any(line => !actual.TryGetValue(line.Key, out var quantity) || quantity != line.Value);

    public static string Describe(IReadOnlyDictionary<Guid, int> items) => string.Join(", ", items.Select(line => $"{line.Value} x {line.Key}"));
}
