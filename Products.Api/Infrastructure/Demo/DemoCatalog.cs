using System.Diagnostics;
using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Products.Api.Model;

namespace Products.Api.Infrastructure.Demo;

/// <summary>
/// At start-up, after the migrations, fills an empty catalog with <see cref="DemoProducts"/> and their pictures, so that
/// a local run's shop has something to show (<c>Catalog:DemoData</c>). Replicas that start together take turns (a
/// PostgreSQL advisory lock) and look at the catalog again once they hold it, so it is filled once. A catalog that has
/// ever had a product, even one deleted since, is left as it is: what a person removed does not come back.
/// </summary>
public sealed class DemoCatalog(IServiceProvider services, TimeProvider clock, ILogger<DemoCatalog> logger) : IHostedService
{
    public const string EnabledKey = "Catalog:DemoData";

    /// <summary>Any number of this service's own, held for the transaction: "catalog demo".</summary>
    private const long LockKey = 0xca_7a_10_9d;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        // Every start of a filled catalog asks once, and leaves no trace of it in the dashboard.
        if (await Untraced.RunAsync(() => db.Products.IgnoreQueryFilters().AnyAsync(cancellationToken)))
        {
            return;
        }

        using var activity = ProductsMetrics.ActivitySource.StartActivity("add demo catalog", ActivityKind.Internal, parentContext: default);
        var added = await db.InTransactionAsync(async ct =>
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
            if (await db.Products.IgnoreQueryFilters().AnyAsync(ct))
            {
                return 0;
            }

            var now = clock.UtcNowForStorage();
            foreach (var demo in DemoProducts.All)
            {
                var product = new Product
                {
                    Sku = demo.Sku,
                    Name = demo.Name,
                    Description = demo.Description,
                    Category = demo.Category,
                    Price = demo.Price,
                    Currency = "USD",
                    Stock = demo.Stock,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                var picture = ProductPictures.Draw(demo);
                db.Products.Add(product);
                db.ProductImages.Add(new ProductImage
                {
                    ProductId = product.Id,
                    ContentType = "image/png",
                    Content = picture,
                    Version = ProductImage.VersionOf(picture),
                });
            }

            await db.SaveChangesAsync(ct);
            return DemoProducts.All.Count;
        }, cancellationToken);

        activity?.SetTag("products.count", added);
        if (added > 0)
        {
            logger.LogInformation("Added the demo catalog: {Count} products with their pictures", added);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
