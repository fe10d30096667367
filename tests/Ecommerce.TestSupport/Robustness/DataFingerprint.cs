using System.Security.Cryptography;
using Npgsql;
using StackExchange.Redis;

namespace Ecommerce.TestSupport.Robustness;

/// <summary>A digest of everything a service has stored, to tell whether a request changed anything.</summary>
public static class DataFingerprint
{
    /// <summary>Every row of every table of the database (but EF Core's migration history), in a stable order.</summary>
    public static async Task<string> OfPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' " +
            "AND table_name <> '__EFMigrationsHistory' ORDER BY table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var digests = new List<string>();
        foreach (var table in tables)
        {
            await using var digest = new NpgsqlCommand($"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t", connection);
            digests.Add($"{table}:{await digest.ExecuteScalarAsync()}");
        }

        return string.Join(",", digests);
    }

    /// <summary>Every key of the Redis database with its serialised value (not its time to live).</summary>
    public static async Task<string> OfRedisAsync(IConnectionMultiplexer redis)
    {
        var database = redis.GetDatabase();
        var server = redis.GetServers().Single();
        var entries = new List<string>();
        await foreach (var key in server.KeysAsync(database.Database))
        {
            var value = await database.KeyDumpAsync(key);
            entries.Add($"{key}={(value is null ? "" : Convert.ToHexString(SHA256.HashData(value)))}");
        }

        entries.Sort(StringComparer.Ordinal);
        return string.Join(",", entries);
    }

    /// <summary>Waits until two digests a moment apart agree (work a request left to the background is done), and returns it.</summary>
    public static async Task<string> SettledAsync(Func<Task<string>> fingerprint)
    {
        var last = await fingerprint();
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            var now = await fingerprint();
            if (now == last)
            {
                return now;
            }

            last = now;
        }

        return last;
    }
}
