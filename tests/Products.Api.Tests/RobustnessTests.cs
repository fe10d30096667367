using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Robustness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Products.Api.Infrastructure;

namespace Products.Api.Tests;

/// <summary>Every operation of Products.Api's OpenAPI document, sent broken in every way the probe knows.</summary>
public class RobustnessTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    [Fact]
    public async Task Every_operation_answers_broken_requests_with_a_4xx_problem_and_stores_nothing()
    {
        var product = (await api.Client.CreateProductAsync(stock: 1_000_000))["id"]!.GetValue<string>();
        var reservation = Guid.CreateVersion7();
        await api.Client.ReserveAsync(reservation, 3600, (product, 1));
        await using var scope = api.Services.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<CatalogContext>().Database.GetConnectionString()!;

        var sent = await RobustnessProbe.RunAsync(new RobustnessTarget
        {
            Client = api.Client,
            Fingerprint = () => DataFingerprint.OfPostgresAsync(connectionString),
            PathValue = (operation, _) => operation.Path.StartsWith("/inventory", StringComparison.Ordinal) ? reservation.ToString() : product,
            PropertyValue = name => name switch
            {
                "product_id" => product,
                "sku" => $"ROBUST-{Guid.NewGuid():N}",
                "reservation_id" => Guid.CreateVersion7().ToString(),
                _ => (JsonNode?)null,
            },
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"Products.Api: {sent} requests, all answered as the contract says.");
    }
}
