using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Robustness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Api.Infrastructure;

namespace Orders.Api.Tests;

/// <summary>Every operation of Orders.Api's OpenAPI document, sent broken in every way the probe knows.</summary>
public class RobustnessTests(OrdersApiFixture fixture) : IClassFixture<OrdersApiFixture>
{
    [Fact]
    public async Task Every_operation_answers_broken_requests_with_a_4xx_problem_and_stores_nothing()
    {
        var stack = fixture.Stack;
        var product = (await stack.Catalog.CreateProductAsync(stock: 1_000_000))["id"]!.GetValue<string>();
        // An admin person may place an order and make every status change: the probe judges the requests, not the caller.
        var admin = stack.OrdersOf("u-robust", admin: true);
        var placed = await admin.PostAsJsonAsync("/orders",
            new { user_id = "u-robust", items = new[] { new { product_id = product, quantity = 1 } } }, Json.Options);
        var order = (await placed.ReadJsonAsync())["id"]!.GetValue<string>();
        await using var scope = stack.Orders.Services.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<OrderingContext>().Database.GetConnectionString()!;

        var sent = await RobustnessProbe.RunAsync(new RobustnessTarget
        {
            Client = admin,
            Fingerprint = () => DataFingerprint.OfPostgresAsync(connectionString),
            PathValue = (_, _) => order,
            PropertyValue = name => name == "product_id" ? product : (JsonNode?)null,
            // A checkout names either its items or a cart: the schema lists both as optional.
            ValidBody = operation => operation.Path == "/orders"
                ? new JsonObject { ["user_id"] = "u-robust", ["items"] = new JsonArray(new JsonObject { ["product_id"] = product, ["quantity"] = 1 }) }
                : null,
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"Orders.Api: {sent} requests, all answered as the contract says.");
    }
}
