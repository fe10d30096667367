using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Robustness;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Carts.Api.Tests;

/// <summary>Every operation of Carts.Api's OpenAPI document, sent broken in every way the probe knows.</summary>
public class RobustnessTests(IsolatedCartsApi api) : IClassFixture<IsolatedCartsApi>
{
    [Fact]
    public async Task Every_operation_answers_broken_requests_with_a_4xx_problem_and_stores_nothing()
    {
        var product = (await api.Catalog.CreateProductAsync(stock: 1_000_000))["id"]!.GetValue<string>();
        var cart = await api.Customer.CreateCartAsync();
        var redis = api.Carts.Services.GetRequiredService<IConnectionMultiplexer>();

        var sent = await RobustnessProbe.RunAsync(new RobustnessTarget
        {
            Client = api.Customer,
            Fingerprint = () => DataFingerprint.OfRedisAsync(redis),
            PathValue = (_, name) => name == "id" ? cart : product,
            PropertyValue = name => name == "product_id" ? product : (JsonNode?)null,
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"Carts.Api: {sent} requests, all answered as the contract says.");
    }
}
