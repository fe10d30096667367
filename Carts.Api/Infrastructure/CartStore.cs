using System.Globalization;
using System.Text.Json;
using Carts.Api.Contracts;
using Carts.Api.Model;
using Ecommerce.ServiceDefaults.Data;
using StackExchange.Redis;

namespace Carts.Api.Infrastructure;

/// <summary>
/// Carts in Redis, one hash per cart, changed only through the atomic scripts of <see cref="CartScripts"/>. Every
/// operation names its caller (the token's <c>sub</c>): a cart that is someone else's is not found.
/// </summary>
public sealed class CartStore(IConnectionMultiplexer redis, TimeProvider clock)
{
    private const string LinePrefix = "line:";

    private static readonly string TimeToLiveMs = ((long)Cart.TimeToLive.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private IDatabase Db => redis.GetDatabase();

    public async Task<Cart> CreateAsync(string userId)
    {
        var id = Guid.CreateVersion7();
        var now = clock.UtcNowForStorage();
        await Db.ScriptEvaluateAsync(CartScripts.Create, [Key(id)], [userId, Format(now), TimeToLiveMs]);
        return new Cart(id, userId, [], now, now);
    }

    /// <summary>The cart, if it is <paramref name="owner"/>'s.</summary>
    public async Task<Cart?> GetAsync(Guid id, string owner) =>
        FromFields(id, (await Db.HashGetAllAsync(Key(id))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString())) is { } cart && cart.UserId == owner
            ? cart
            : null;

    public Task<CartUpdate> AddAsync(Guid cartId, string owner, ProductSnapshot product, int quantity, int stock) =>
        RunAsync(CartScripts.Add, cartId, owner,
            [product.ProductId.ToString(), quantity, JsonSerializer.Serialize(product), stock, Format(clock.UtcNowForStorage()), TimeToLiveMs, CartLimits.MaxQuantity]);

    public Task<CartUpdate> SetAsync(Guid cartId, string owner, ProductSnapshot product, int quantity, int stock) =>
        RunAsync(CartScripts.Set, cartId, owner,
            [product.ProductId.ToString(), quantity, JsonSerializer.Serialize(product), stock, Format(clock.UtcNowForStorage()), TimeToLiveMs]);

    /// <summary>Setting a quantity of 0 needs no product: it only removes the line, if any.</summary>
    public Task<CartUpdate> SetZeroAsync(Guid cartId, string owner, Guid productId) =>
        RunAsync(CartScripts.Set, cartId, owner, [productId.ToString(), 0, "", 0, Format(clock.UtcNowForStorage()), TimeToLiveMs]);

    public Task<CartUpdate> RemoveAsync(Guid cartId, string owner, Guid productId) =>
        RunAsync(CartScripts.Remove, cartId, owner, [productId.ToString(), Format(clock.UtcNowForStorage()), TimeToLiveMs]);

    public async Task<CartChange> ClearAsync(Guid cartId, string owner) =>
        (await RunAsync(CartScripts.Clear, cartId, owner, [Format(clock.UtcNowForStorage()), TimeToLiveMs])).Change;

    /// <summary>For a request that changes nothing (a product id that cannot be in any cart): the cart as it is.</summary>
    public async Task<CartUpdate> UnchangedAsync(Guid cartId, string owner, CartChange change) =>
        await GetAsync(cartId, owner) is { } cart ? new CartUpdate(change, cart) : new CartUpdate(CartChange.CartNotFound, null);

    private async Task<CartUpdate> RunAsync(string script, Guid cartId, string owner, RedisValue[] arguments)
    {
        var result = await Db.ScriptEvaluateAsync(script, [Key(cartId)], [owner, .. arguments]);
        if (result.Resp2Type == ResultType.Array)
        {
            var fields = result.ToDictionary().ToDictionary(field => field.Key, field => field.Value.ToString());
            return new CartUpdate(CartChange.Applied, FromFields(cartId, fields));
        }

        var change = (long)result switch
        {
            -1 => CartChange.CartNotFound,
            -2 => CartChange.OverStock,
            -3 => CartChange.OverLimit,
            -4 => CartChange.LineNotFound,
            _ => CartChange.Applied,
        };
        return new CartUpdate(change, null);
    }

    private static Cart? FromFields(Guid id, Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("user_id", out var userId))
        {
            return null;
        }

        var lines = fields
            .Where(f => f.Key.StartsWith(LinePrefix, StringComparison.Ordinal))
            .Select(f =>
            {
                var productId = f.Key[LinePrefix.Length..];
                var snapshot = JsonSerializer.Deserialize<ProductSnapshot>(f.Value)!;
                return new CartLine(snapshot, int.Parse(fields[$"qty:{productId}"], CultureInfo.InvariantCulture), Parse(fields[$"added:{productId}"]));
            })
            .OrderBy(line => line.AddedAt)
            .ThenBy(line => line.Product.ProductId)
            .ToList();
        return new Cart(id, userId, lines, Parse(fields["created_at"]), Parse(fields["updated_at"]));
    }

    private static RedisKey Key(Guid id) => $"cart:{id}";

    private static string Format(DateTime time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime Parse(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
