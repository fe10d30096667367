namespace Carts.Api.Infrastructure;

/// <summary>
/// Every change to a cart is one Lua script, which Redis runs atomically: concurrent changes to one cart
/// queue inside Redis and none is lost (a read-modify-write of a serialised cart would lose them).
/// A cart is one hash: <c>user_id</c>, <c>created_at</c>, <c>updated_at</c>, and per product
/// <c>qty:{id}</c>, <c>line:{id}</c> (the product snapshot) and <c>added:{id}</c>.
/// Every script but Create takes the caller as ARGV[1] and changes the cart only if it is theirs: someone else's cart
/// is as absent as one that does not exist, in the same atomic step.
/// Results: -1 no such cart (or not the caller's), -2 over the product's stock, -3 over the line limit, -4 no such line;
/// a change that is applied answers with the cart's fields (HGETALL), so the caller needs no second round trip.
/// </summary>
internal static class CartScripts
{
    /// <summary>ARGV: user_id, now, ttl in ms.</summary>
    public const string Create = """
        redis.call('HSET', KEYS[1], 'user_id', ARGV[1], 'created_at', ARGV[2], 'updated_at', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 0
        """;

    /// <summary>ARGV: caller, product id, quantity to add, snapshot, stock, now, ttl in ms, line limit.</summary>
    public const string Add = """
        if redis.call('HGET', KEYS[1], 'user_id') ~= ARGV[1] then return -1 end
        local wanted = tonumber(redis.call('HGET', KEYS[1], 'qty:' .. ARGV[2]) or '0') + tonumber(ARGV[3])
        if wanted > tonumber(ARGV[5]) then return -2 end
        if wanted > tonumber(ARGV[8]) then return -3 end
        redis.call('HSET', KEYS[1], 'qty:' .. ARGV[2], wanted, 'line:' .. ARGV[2], ARGV[4], 'updated_at', ARGV[6])
        redis.call('HSETNX', KEYS[1], 'added:' .. ARGV[2], ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>ARGV: caller, product id, quantity (0 removes the line), snapshot, stock, now, ttl in ms.</summary>
    public const string Set = """
        if redis.call('HGET', KEYS[1], 'user_id') ~= ARGV[1] then return -1 end
        local wanted = tonumber(ARGV[3])
        if wanted == 0 then
          redis.call('HDEL', KEYS[1], 'qty:' .. ARGV[2], 'line:' .. ARGV[2], 'added:' .. ARGV[2])
        else
          if wanted > tonumber(ARGV[5]) then return -2 end
          redis.call('HSET', KEYS[1], 'qty:' .. ARGV[2], wanted, 'line:' .. ARGV[2], ARGV[4])
          redis.call('HSETNX', KEYS[1], 'added:' .. ARGV[2], ARGV[6])
        end
        redis.call('HSET', KEYS[1], 'updated_at', ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>ARGV: caller, product id, now, ttl in ms.</summary>
    public const string Remove = """
        if redis.call('HGET', KEYS[1], 'user_id') ~= ARGV[1] then return -1 end
        if redis.call('HDEL', KEYS[1], 'qty:' .. ARGV[2], 'line:' .. ARGV[2], 'added:' .. ARGV[2]) == 0 then return -4 end
        redis.call('HSET', KEYS[1], 'updated_at', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>ARGV: caller, now, ttl in ms. Keeps the cart (its id stays valid), drops every line.</summary>
    public const string Clear = """
        if redis.call('HGET', KEYS[1], 'user_id') ~= ARGV[1] then return -1 end
        for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
          if string.find(field, ':', 1, true) then redis.call('HDEL', KEYS[1], field) end
        end
        redis.call('HSET', KEYS[1], 'updated_at', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 0
        """;
}
