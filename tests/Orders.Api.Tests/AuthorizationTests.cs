using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Authorization;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport.Robustness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Api.Infrastructure;
using Products.Api.Infrastructure;
using StackExchange.Redis;

namespace Orders.Api.Tests;

/// <summary>docs/api.md's "who may call what" for Orders.Api: every operation of its OpenAPI document by every caller.</summary>
public class AuthorizationTests(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>A customer (orders) or an admin (orders.manage): who may call the orders API at all.</summary>
    private static readonly Access Reader = Access.WithScope("orders").Or("scope orders.manage", claims => Access.HasScope(claims, "orders.manage"));

    private static readonly Access OwnerOrAdmin = Reader.OwnedByTheCustomer(alsoSeenBy: IsAdmin);

    private static readonly Dictionary<string, IReadOnlyList<MatrixCase>> Rules = new()
    {
        ["POST /orders"] =
        [
            MatrixCase.Valid(Access.WithScope("orders")),
            new("user_id the customer's", Access.WithScope("orders").And("the customer", IsTheCustomer),
                Body: (body, _) => { body["user_id"] = Callers.CustomerId; return body; }),
            new("from the customer's cart", Access.WithScope("orders").OwnedByTheCustomer(),
                Body: (_, arranged) => new JsonObject { ["cart_id"] = arranged.Values["cart"] }),
        ],
        ["GET /orders"] =
        [
            MatrixCase.Valid(Reader),
            new("user_id the customer's", Reader.And("the customer or an admin", claims => IsTheCustomer(claims) || IsAdmin(claims)),
                Query: $"user_id={Callers.CustomerId}"),
        ],
        ["GET /orders/statuses"] =
        [
            MatrixCase.Valid(Reader),
            new("user_id the customer's", Reader.And("the customer or an admin", claims => IsTheCustomer(claims) || IsAdmin(claims)),
                Query: $"user_id={Callers.CustomerId}"),
        ],
        ["GET /orders/{id}"] = [MatrixCase.Valid(OwnerOrAdmin)],
        ["PUT /orders/{id}/status"] =
        [
            new("cancelled", OwnerOrAdmin, Body: (_, _) => new JsonObject { ["status"] = "cancelled" }),
            new("paid", OwnerOrAdmin.ThenOnly("an admin", IsAdmin), Body: (_, _) => new JsonObject { ["status"] = "paid" }),
        ],
    };

    private readonly PostgresFixture _ordersServer = new();
    private readonly RedisFixture _redis = new();
    private ServicesOnRealPorts _stack = null!;

    public async ValueTask InitializeAsync()
    {
        await _ordersServer.InitializeAsync();
        await _redis.InitializeAsync();
        _stack = await ServicesOnRealPorts.StartAsync(postgres, _ordersServer, _redis);
    }

    [Fact]
    public async Task Every_operation_answers_each_caller_as_api_md_says_and_a_refusal_changes_nothing()
    {
        var orders = ConnectionString<OrderingContext>(_stack.Orders.Services);
        var catalog = ConnectionString<CatalogContext>(_stack.Products.Services);
        var redis = _stack.Carts.Services.GetRequiredService<IConnectionMultiplexer>();
        using var anonymous = _stack.Orders.ClientWith(null);

        var sent = await AuthorizationMatrix.RunAsync(new AuthorizationTarget
        {
            Client = anonymous,
            Audience = "orders",
            Callers = new Callers(_stack.Issuer),
            Rules = Rules,
            Arrange = ArrangeAsync,
            // A refused checkout reserves no stock and leaves the cart as it was.
            Fingerprint = async () => string.Join("|",
                await DataFingerprint.OfPostgresAsync(orders), await DataFingerprint.OfPostgresAsync(catalog), await DataFingerprint.OfRedisAsync(redis)),
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"Orders.Api: {Rules.Count} operations, {sent} requests, each answered as docs/api.md says.");
    }

    /// <summary>The back office's token, or a person's with the admin role.</summary>
    private static bool IsAdmin(JsonObject claims) => Access.HasScope(claims, "orders.manage") || Access.HasRole(claims, "admin");

    private static bool IsTheCustomer(JsonObject claims) => claims["sub"]?.GetValue<string>() == Callers.CustomerId;

    /// <summary>For each request, a product of its own, a pending order of the customer's and a cart of theirs holding the product.</summary>
    private async Task<Arranged> ArrangeAsync(Operation operation)
    {
        var productId = (await _stack.Catalog.CreateProductAsync(stock: 10))["id"]!.GetValue<string>();
        var order = await _stack.PlacedOrderAsync(Callers.CustomerId, (productId, 1));
        var carts = _stack.CartsOf(Callers.CustomerId);
        var cart = await (await carts.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        (await carts.PostAsync($"/carts/{cart.Id()}/items", Json.Body(new { product_id = productId, quantity = 1 }))).EnsureSuccessStatusCode();
        var body = operation.ToString() == "POST /orders"
            ? new JsonObject { ["items"] = new JsonArray(new JsonObject { ["product_id"] = productId, ["quantity"] = 1 }) }
            : null;
        return new Arranged(new Dictionary<string, string> { ["id"] = order.Id(), ["cart"] = cart.Id() }, body);
    }

    private static string ConnectionString<TContext>(IServiceProvider services) where TContext : DbContext
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<TContext>().Database.GetConnectionString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _redis.DisposeAsync();
        await _ordersServer.DisposeAsync();
    }
}
