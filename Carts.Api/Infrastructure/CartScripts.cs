namespace Carts.Api.Infrastructure;

/// <summary>
/// Every change to a cart is one Lua script, which Redis runs atomically: concurrent changes to one cart
/// queue inside Redis and none is lost (a read-modify-write of a serialised cart would lose them).
/// A cart is one hash: <c>user_id</c>, <c>created_at</c>, <c>updated_at</c>, and per product
/// <c>qty:{id}</c>, <c>line:{id}</c> (the product snapshot) and <c>added:{id}</c>.
/// Results: -1 no such cart, -2 over the product's stock (or no such line), -3 over the line limit; a change that
/// is applied answers with the cart's fields (HGETALL), so the caller needs no second round trip to show the cart.
/// </summary>
internal static class CartScripts
{
    /// <summary>ARGV: user_id, now, ttl in ms.</summary>
    public const string Create = """
        redis.call('HSET', KEYS[1], 'user_id', ARGV[1], 'created_at', ARGV[2], 'updated_at', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 0
        """;

    /// <summary>ARGV: product id, quantity to add, snapshot, stock, now, ttl in ms, line limit.</summary>
    public const string Add = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        local wanted = tonumber(redis.call('HGET', KEYS[1], 'qty:' .. ARGV[1]) or '0') + tonumber(ARGV[2])
        if wanted > tonumber(ARGV[4]) then return -2 end
        if wanted > tonumber(ARGV[7]) then return -3 end
        redis.call('HSET', KEYS[1], 'qty:' .. ARGV[1], wanted, 'line:' .. ARGV[1], ARGV[3], 'updated_at', ARGV[5])
        redis.call('HSETNX', KEYS[1], 'added:' .. ARGV[1], ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>ARGV: product id, quantity (0 removes the line), snapshot, stock, now, ttl in ms.</summary>
    public const string Set = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        local wanted = tonumber(ARGV[2])
        if wanted == 0 then
          redis.call('HDEL', KEYS[1], 'qty:' .. ARGV[1], 'line:' .. ARGV[1], 'added:' .. ARGV[1])
        else
          if wanted > tonumber(ARGV[4]) then return -2 end
          redis.call('HSET', KEYS[1], 'qty:' .. ARGV[1], wanted, 'line:' .. ARGV[1], ARGV[3])
          redis.call('HSETNX', KEYS[1], 'added:' .. ARGV[1], ARGV[5])
        end
        redis.call('HSET', KEYS[1], 'updated_at', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>ARGV: product id, now, ttl in ms.</summary>
    public const string Remove = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        if redis.call('HDEL', KEYS[1], 'qty:' .. ARGV[1], 'line:' .. ARGV[1], 'added:' .. ARGV[1]) == 0 then return -2 end
        redis.call('HSET', KEYS[1], 'updated_at', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>ARGV: now, ttl in ms. Keeps the cart (its id stays valid), drops every line.</summary>
    public const string Clear = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
          if string.find(field, ':', 1, true) then redis.call('HDEL', KEYS[1], field) end
        end
        redis.call('HSET', KEYS[1], 'updated_at', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 0
        """;
}
