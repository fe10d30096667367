using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Authorization;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport.Robustness;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Carts.Api.Tests;

/// <summary>docs/api.md's "who may call what" for Carts.Api: every operation of its OpenAPI document by every caller.</summary>
public class AuthorizationTests(IsolatedCartsApi api) : IClassFixture<IsolatedCartsApi>
{
    /// <summary>A cart is its owner's alone: nobody else, not even an admin, may see that it exists.</summary>
    private static readonly Access Owner = Access.WithScope("carts").OwnedByTheCustomer();

    private static readonly Dictionary<string, IReadOnlyList<MatrixCase>> Rules = new()
    {
        ["POST /carts"] =
        [
            MatrixCase.Valid(Access.WithScope("carts")),
            new("user_id the customer's", Access.WithScope("carts").And("the customer", IsTheCustomer),
                Body: (body, _) => { body["user_id"] = Callers.CustomerId; return body; }),
        ],
        ["GET /carts/{id}"] = [MatrixCase.Valid(Owner)],
        ["DELETE /carts/{id}"] = [MatrixCase.Valid(Owner)],
        ["POST /carts/{id}/items"] = [MatrixCase.Valid(Owner)],
        ["PUT /carts/{id}/items/{productId}"] = [MatrixCase.Valid(Owner)],
        ["DELETE /carts/{id}/items/{productId}"] = [MatrixCase.Valid(Owner)],
    };

    [Fact]
    public async Task Every_operation_answers_each_caller_as_api_md_says_and_a_refusal_changes_nothing()
    {
        var redis = api.Carts.Services.GetRequiredService<IConnectionMultiplexer>();
        using var anonymous = api.Carts.ClientWith(null);

        var sent = await AuthorizationMatrix.RunAsync(new AuthorizationTarget
        {
            Client = anonymous,
            Audience = "carts",
            Callers = new Callers(api.Issuer),
            Rules = Rules,
            Arrange = ArrangeAsync,
            Fingerprint = () => DataFingerprint.OfRedisAsync(redis),
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"Carts.Api: {Rules.Count} operations, {sent} requests, each answered as docs/api.md says.");
    }

    private static bool IsTheCustomer(JsonObject claims) => claims["sub"]?.GetValue<string>() == Callers.CustomerId;

    /// <summary>A cart of the customer's for each request, holding one unit of a product of its own.</summary>
    private async Task<Arranged> ArrangeAsync(Operation operation)
    {
        var productId = (await api.Catalog.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();
        var cartId = await api.Customer.CreateCartAsync();
        (await api.Customer.AddItemAsync(cartId, productId)).EnsureSuccessStatusCode();
        JsonObject? body = operation.ToString() switch
        {
            "POST /carts" => [],
            "POST /carts/{id}/items" => new() { ["product_id"] = productId, ["quantity"] = 1 },
            "PUT /carts/{id}/items/{productId}" => new() { ["quantity"] = 2 },
            _ => null,
        };
        return new Arranged(new Dictionary<string, string> { ["id"] = cartId, ["productId"] = productId }, body);
    }
}
