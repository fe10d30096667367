using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests.Storefront;

/// <summary>Products a test puts in the running platform's catalog with the back office's token, in a category of its own.</summary>
public sealed class ShopCatalog(GatewayCaller backOffice)
{
    public string Category { get; } = $"test-{Guid.NewGuid():N}"[..16];

    public async Task<string> AddAsync(string name, int stock = 50, decimal price = 10m) =>
        (await backOffice.Client.CreateProductAsync(stock: stock, price: price, category: Category, name: name))["id"]!.GetValue<string>();

    public Task<int> StockOfAsync(string productId) => backOffice.Client.StockOfAsync(productId);
}
