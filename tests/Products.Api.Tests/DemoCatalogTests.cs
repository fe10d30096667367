using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Products.Api.Infrastructure.Demo;

namespace Products.Api.Tests;

/// <summary>The demo catalog of a local run (Catalog:DemoData), each case on a database of its own.</summary>
public class DemoCatalogTests(PostgresFixture postgres) : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TestIssuer _issuer = new();

    [Fact]
    public async Task An_empty_catalog_gets_about_thirty_products_in_several_categories_each_with_its_png()
    {
        var database = await postgres.CreateDatabaseAsync("demo");
        await using var service = Start(database, demoData: true);

        var products = await ListAsync(service);

        Assert.InRange(products.Count, 25, 35);
        Assert.Equal(products.Count, products.Select(p => p["sku"]!.GetValue<string>()).Distinct().Count());
        var categories = products.GroupBy(p => p["category"]!.GetValue<string>()).ToList();
        Assert.InRange(categories.Count, 5, 6);
        Assert.All(categories, category => Assert.True(category.Count() >= 3, $"{category.Key}: {category.Count()} products"));
        var stocks = products.Select(p => p["stock"]!.GetValue<int>()).ToList();
        Assert.True(stocks.Count(s => s == 0) >= 2, "fewer than two products sold out");
        Assert.True(stocks.Count(s => s is > 0 and <= 5) >= 2, "fewer than two products almost sold out");
        Assert.True(stocks.Count(s => s >= 25) >= 20, "fewer than twenty products well in stock");
        Assert.All(products, p => Assert.True(p["price"]!.GetValue<decimal>() > 0));

        var pictures = new Dictionary<string, byte[]>();
        foreach (var product in products)
        {
            var response = await service.Client.GetAsync(product["image_url"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            var png = await response.Content.ReadAsByteArrayAsync();
            AssertPng(png, ProductPictures.Width, ProductPictures.Height);
            Assert.True(png.Length < 256 * 1024, $"{product["sku"]}: {png.Length} bytes");
            pictures[product["sku"]!.GetValue<string>()] = png;
        }

        Assert.Equal(pictures.Count, pictures.Values.Select(Convert.ToHexString).Distinct().Count());
        // A picture follows from its product alone: drawn again here, it is the very bytes the service stored.
        foreach (var demo in DemoProducts.All.DistinctBy(d => d.Category))
        {
            Assert.Equal(ProductPictures.Draw(demo), pictures[demo.Sku]);
        }
    }

    [Fact]
    public async Task A_second_start_adds_nothing()
    {
        var database = await postgres.CreateDatabaseAsync("demo");
        List<string> first;
        await using (var service = Start(database, demoData: true))
        {
            first = Ids(await ListAsync(service));
        }

        await using var again = Start(database, demoData: true);

        Assert.Equal(first, Ids(await ListAsync(again)));
    }

    [Fact]
    public async Task Replicas_starting_together_fill_the_catalog_once()
    {
        var database = await postgres.CreateDatabaseAsync("demo");
        // Migrated first, and left empty: the replicas then reach the demo catalog together.
        await Start(database, demoData: false).DisposeAsync();

        var replicas = await Task.WhenAll(Task.Run(() => Start(database, demoData: true)), Task.Run(() => Start(database, demoData: true)));
        try
        {
            var seen = await Task.WhenAll(replicas.Select(ListAsync));

            Assert.Equal(DemoProducts.All.Count, seen[0].Count);
            Assert.Equal(Ids(seen[0]), Ids(seen[1]));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_catalog_that_had_products_is_left_as_it_is_even_when_they_were_deleted()
    {
        var database = await postgres.CreateDatabaseAsync("demo");
        await using (var service = Start(database, demoData: false))
        {
            using var writer = service.ClientWith(_issuer.BackOfficeToken());
            var product = await writer.CreateProductAsync();
            Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/products/{product["id"]}")).StatusCode);
        }

        await using var demo = Start(database, demoData: true);

        Assert.Empty(await ListAsync(demo));
    }

    [Fact]
    public async Task Without_demo_data_nothing_is_added()
    {
        var database = await postgres.CreateDatabaseAsync("demo");
        await using var service = Start(database, demoData: false);

        Assert.Empty(await ListAsync(service));
        Assert.Equal("[]", await service.Client.GetStringAsync("/products/categories"));
    }

    public void Dispose() => _issuer.Dispose();

    private RunningService<Program> Start(string database, bool demoData) =>
        new RunningService<Program>(new Dictionary<string, string?>(_issuer.ServiceSettings)
        {
            ["ConnectionStrings:catalogdb"] = database,
            ["Catalog:DemoData"] = demoData ? "true" : "false",
        }).Start();

    private static async Task<List<JsonNode>> ListAsync(RunningService<Program> service)
    {
        var products = await (await service.Client.GetAsync("/products?limit=200")).ReadJsonAsync();
        return products.AsArray().Select(p => p!).ToList();
    }

    private static List<string> Ids(List<JsonNode> products) => products.Select(p => p["id"]!.GetValue<string>()).ToList();

    /// <summary>The PNG signature, then an IHDR chunk first with the picture's size; nothing else is decoded.</summary>
    private static void AssertPng(byte[] png, int width, int height)
    {
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(8)));
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
