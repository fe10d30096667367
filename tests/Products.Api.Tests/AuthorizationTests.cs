using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Authorization;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport.Robustness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Products.Api.Infrastructure;

namespace Products.Api.Tests;

/// <summary>docs/api.md's "who may call what" for Products.Api: every operation of its OpenAPI document by every caller.</summary>
public class AuthorizationTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private static readonly Access CatalogWriters = Access.WithScope("catalog.write");
    private static readonly Access OrdersApi = Access.WithScope("inventory");

    private static readonly Dictionary<string, IReadOnlyList<MatrixCase>> Rules = new()
    {
        ["GET /products"] = [MatrixCase.Valid(Access.Anyone)],
        ["GET /products/{id}"] = [MatrixCase.Valid(Access.Anyone)],
        ["POST /products"] = [MatrixCase.Valid(CatalogWriters)],
        ["PUT /products/{id}"] = [MatrixCase.Valid(CatalogWriters)],
        ["DELETE /products/{id}"] = [MatrixCase.Valid(CatalogWriters)],
        ["POST /products/{id}/stock"] = [MatrixCase.Valid(CatalogWriters)],
        ["GET /products/{id}/changes"] = [MatrixCase.Valid(CatalogWriters)],
        ["GET /products/categories"] = [MatrixCase.Valid(Access.Anyone)],
        ["GET /products/{id}/image"] = [MatrixCase.Valid(Access.Anyone)],
        ["PUT /products/{id}/image"] = [MatrixCase.Valid(CatalogWriters)],
        ["DELETE /products/{id}/image"] = [MatrixCase.Valid(CatalogWriters)],
        ["POST /inventory/reservations"] = [MatrixCase.Valid(OrdersApi)],
        ["GET /inventory/reservations/{id}"] = [MatrixCase.Valid(OrdersApi)],
        ["POST /inventory/reservations/{id}/commit"] = [MatrixCase.Valid(OrdersApi)],
        ["POST /inventory/reservations/{id}/release"] = [MatrixCase.Valid(OrdersApi)],
        ["POST /inventory/commits"] = [MatrixCase.Valid(OrdersApi)],
    };

    [Fact]
    public async Task Every_operation_answers_each_caller_as_api_md_says_and_a_refusal_changes_nothing()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<CatalogContext>().Database.GetConnectionString()!;
        using var anonymous = api.Service.ClientWith(null);

        var sent = await AuthorizationMatrix.RunAsync(new AuthorizationTarget
        {
            Client = anonymous,
            Audience = "products",
            Callers = new Callers(api.Issuer),
            Rules = Rules,
            Arrange = ArrangeAsync,
            Fingerprint = () => DataFingerprint.OfPostgresAsync(connectionString),
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"Products.Api: {Rules.Count} operations, {sent} requests, each answered as docs/api.md says.");
    }

    [Theory]
    [InlineData("a customer's", "The token was issued for 'carts', 'orders', not for this API ('products')")]
    [InlineData("another audience's", "The token was issued for 'somewhere-else', not for this API ('products')")]
    [InlineData("an audience-less", "The token names no audience; this API takes tokens issued for 'products'")]
    public async Task A_token_not_issued_for_products_is_401_with_a_challenge_naming_whom_it_was_issued_for(string token, string description)
    {
        var callers = new Callers(api.Issuer);
        var sku = $"SKU-{Guid.NewGuid():N}";
        using var client = api.Service.ClientWith(token switch
        {
            "a customer's" => callers.Customer.Token,
            "another audience's" => callers.OtherAudience.Token,
            _ => api.Issuer.AccessToken("back-office", "catalog.write", clientId: "back-office", change: payload => payload.Remove("aud")),
        });

        // The second refusal is the remembered one (RememberingTokenHandler), and says the same.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var response = await client.PostAsync("/products", Json.Body($$"""{ "sku": "{{sku}}", "name": "Mug", "price": 5 }"""));

            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Equal($"error=\"invalid_token\", error_description=\"{description}\"", challenge.Parameter);
        }

        Assert.Equal("[]", await api.Client.GetStringAsync($"/products?q={sku}"));
    }

    /// <summary>A product of its own for each request, with a picture or a held reservation of one of its units.</summary>
    private async Task<Arranged> ArrangeAsync(Operation operation)
    {
        var product = await api.Client.CreateProductAsync(stock: 10);
        var productId = product["id"]!.GetValue<string>();
        if (operation.ToString() is "GET /products/{id}/image" or "DELETE /products/{id}/image")
        {
            (await api.Client.PutImageAsync(productId, Pictures.Png())).EnsureSuccessStatusCode();
        }

        var reservationId = Guid.CreateVersion7();
        if (operation.Path.StartsWith("/inventory/reservations/", StringComparison.Ordinal) || operation.Path == "/inventory/commits")
        {
            (await api.Client.ReserveAsync(reservationId, 300, (productId, 1))).EnsureSuccessStatusCode();
        }

        JsonObject? body = operation.ToString() switch
        {
            "POST /products" => new() { ["sku"] = $"SKU-{Guid.NewGuid():N}", ["name"] = "Mug", ["price"] = 5, ["stock"] = 3 },
            "PUT /products/{id}" => new() { ["sku"] = product["sku"]!.GetValue<string>(), ["name"] = "Renamed", ["price"] = 6, ["stock"] = 4 },
            "POST /products/{id}/stock" => new() { ["adjustment"] = -2 },
            "POST /inventory/reservations" => new()
            {
                ["reservation_id"] = reservationId.ToString(),
                ["items"] = new JsonArray(new JsonObject { ["product_id"] = productId, ["quantity"] = 1 }),
                ["ttl_seconds"] = 300,
            },
            "POST /inventory/commits" => new() { ["reservation_ids"] = new JsonArray(reservationId.ToString()) },
            _ => null,
        };
        var id = operation.Path.StartsWith("/inventory", StringComparison.Ordinal) ? reservationId.ToString() : productId;
        var picture = operation.ToString() == "PUT /products/{id}/image" ? new RawBody(Pictures.Png(), "image/png") : null;
        return new Arranged(new Dictionary<string, string> { ["id"] = id }, body, picture);
    }
}
