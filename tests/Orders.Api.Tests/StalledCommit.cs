using Npgsql;

namespace Orders.Api.Tests;

/// <summary>
/// Holds a keyed checkout inside the transaction that stores its order, for people whose id starts with one of the
/// prefixes: triggers wait for an advisory lock the test holds, after the order's insert
/// (<see cref="AfterOrderPrefix"/>) or after the key's answer too, just before the commit (<see cref="BeforeCommitPrefix"/>).
/// </summary>
public sealed class StalledCommit : IAsyncDisposable
{
    public const string AfterOrderPrefix = "stall-order-";

    public const string BeforeCommitPrefix = "stall-commit-";

    private const long LockId = 23_001;

    private readonly NpgsqlDataSource _database;
    private NpgsqlConnection? _holder;

    private StalledCommit(NpgsqlDataSource database) => _database = database;

    public NpgsqlDataSource Database => _database;

    public static async Task<StalledCommit> InstallAsync(string connectionString)
    {
        var stall = new StalledCommit(NpgsqlDataSource.Create(connectionString));
        await stall.ExecuteAsync($"""
            CREATE OR REPLACE FUNCTION test_stall() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_advisory_xact_lock({LockId}); RETURN NEW; END $$;
            CREATE OR REPLACE TRIGGER test_stall_after_order AFTER INSERT ON orders
                FOR EACH ROW WHEN (NEW.user_id LIKE '{AfterOrderPrefix}%') EXECUTE FUNCTION test_stall();
            CREATE OR REPLACE TRIGGER test_stall_before_commit AFTER UPDATE ON idempotency_keys
                FOR EACH ROW WHEN (NEW.user_id LIKE '{BeforeCommitPrefix}%' AND NEW.completed_at IS NOT NULL) EXECUTE FUNCTION test_stall();
            """);
        return stall;
    }

    /// <summary>From now on a matching checkout waits in its transaction until <see cref="ReleaseAsync"/>.</summary>
    public async Task HoldAsync()
    {
        _holder = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({LockId})", _holder);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Until a checkout's transaction waits for the lock.</summary>
    public Task<bool> WaitForStalledCheckoutAsync() => Ecommerce.TestSupport.Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () =>
        await ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'") > 0);

    public async Task ReleaseAsync()
    {
        if (_holder is not null)
        {
            // A pooled connection keeps its session's advisory locks when it goes back to the pool.
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockId})", _holder))
            {
                await command.ExecuteNonQueryAsync();
            }

            await _holder.DisposeAsync();
            _holder = null;
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = _database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = _database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _database.DisposeAsync();
    }
}
