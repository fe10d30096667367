using System.Globalization;
using System.Text.Json.Nodes;

namespace Ecommerce.Chaos;

/// <summary>
/// The admin: restocks a product and changes its price, with If-Match on the version it read, so that the units it
/// added are known exactly. Each change writes a marker into the description: when its answer is lost, the marker
/// tells at the end whether it was applied, and the product is left alone until then.
/// </summary>
public sealed class BackOffice(ShopClient shop, ClientLedger ledger, IReadOnlyList<Guid> catalog, string token, int seed) : IDisposable
{
    private readonly Random _random = new(seed);
    private readonly SemaphoreSlim _changing = new(1, 1);
    private int _changes;

    /// <summary>Creates the catalog the run sells from.</summary>
    public static async Task<IReadOnlyList<Guid>> StockCatalogAsync(ShopClient shop, ClientLedger ledger, string token, int products, int stock)
    {
        var catalog = new List<Guid>();
        for (var i = 0; i < products; i++)
        {
            var created = await shop.SendAsync("create product", HttpMethod.Post, "/products", token, new
            {
                sku = $"CHAOS-{i:D3}",
                name = $"Chaos product {i}",
                price = 5m + i,
                stock,
                category = $"c{i % 4}",
            });
            if (created.Status != 201)
            {
                throw new InvalidOperationException($"Creating a product answered {created.Status}: {created.Body?.ToJsonString()}");
            }

            var id = Guid.Parse(created.Body!["id"]!.GetValue<string>());
            catalog.Add(id);
            ledger.InitialStock[id] = stock;
        }

        return catalog;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var unsure = new HashSet<Guid>();
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(_random.Next(300, 700), CancellationToken.None);
            var product = catalog[_random.Next(catalog.Count)];
            if (unsure.Contains(product))
            {
                continue;
            }

            await _changing.WaitAsync(CancellationToken.None);
            try
            {
                if (!await ChangeAsync(product))
                {
                    unsure.Add(product);
                }
            }
            finally
            {
                _changing.Release();
            }
        }
    }

    /// <summary>Runs <paramref name="read"/> between two changes, when the ledger says what the catalog holds.</summary>
    public async Task<T> BetweenChangesAsync<T>(Func<Task<T>> read)
    {
        await _changing.WaitAsync();
        try
        {
            return await read();
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>False when the change's answer was lost.</summary>
    private async Task<bool> ChangeAsync(Guid product)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var read = await shop.SendAsync("admin read product", HttpMethod.Get, $"/products/{product}", token);
            if (!read.IsSuccess)
            {
                return true;
            }

            var current = read.Body!;
            var added = _random.Next(1, 6);
            var marker = $"change {Interlocked.Increment(ref _changes).ToString(CultureInfo.InvariantCulture)}";
            var change = await shop.SendAsync("admin change product", HttpMethod.Put, $"/products/{product}", token, new
            {
                sku = Text(current, "sku"),
                name = Text(current, "name"),
                description = marker,
                category = current["category"]?.GetValue<string>(),
                currency = Text(current, "currency"),
                price = Math.Round(current["price"]!.GetValue<decimal>() * (_random.Next(2) == 0 ? 1.01m : 0.99m), 2),
                stock = current["stock"]!.GetValue<int>() + added,
            }, headers => headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(read.ETag!)));
            switch (change.Status)
            {
                case 200:
                    ledger.AddStock(product, added);
                    return true;
                case 412:
                    // A reservation changed the row since it was read: read it again.
                    continue;
                case >= 400 and < 500:
                    return true;
                default:
                    ledger.UnsureStockChanges.Add(new UnsureStockChange(product, marker, added));
                    return false;
            }
        }

        return true;
    }

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    public void Dispose() => _changing.Dispose();
}
