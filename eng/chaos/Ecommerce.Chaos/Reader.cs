namespace Ecommerce.Chaos;

/// <summary>Someone browsing, without logging in: a page of the catalog, then products one by one. A read is never retried here: every failed one counts.</summary>
public sealed class Reader(ShopClient shop, IReadOnlyList<Guid> catalog, int seed)
{
    private readonly Random _random = new(seed);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await shop.SendAsync("list products", HttpMethod.Get, "/products?limit=20", token: null);
            for (var i = 0; i < 3; i++)
            {
                await shop.SendAsync("get product", HttpMethod.Get, $"/products/{catalog[_random.Next(catalog.Count)]}", token: null);
            }

            await Task.Delay(_random.Next(50, 150), CancellationToken.None);
        }
    }
}
