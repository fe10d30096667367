using Ecommerce.ServiceDefaults.Http;
using Npgsql;

namespace Orders.Api.Infrastructure;

/// <summary>
/// This process's own PostgreSQL session, open for as long as the process lives and holding an advisory lock named
/// <see cref="Id"/>. The Idempotency-Keys this process claims record that id. When the process dies, its kernel closes
/// the session's socket and PostgreSQL ends the session, which frees the lock: a retry that can take the lock knows
/// at once that the request holding its key will never finish, instead of waiting out
/// <see cref="Application.OrdersOptions.IdempotencyKeyAbandonedAfter"/>.
/// </summary>
/// <remarks>
/// Only promptness rests on this, never safety: should the lock be free while the claimant still runs (PostgreSQL
/// restarted, the session not taken again yet), the claim's fence keeps that request from placing a second order.
/// </remarks>
public sealed class ClaimantSession(IConfiguration configuration, ILogger<ClaimantSession> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private volatile bool _held;

    /// <summary>The advisory lock's key: random, so that replicas (and a restarted process) never share one.</summary>
    public long Id { get; } = Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>The id a claim made now records: none while the session is not held, so that such a claim is only ever freed by its age.</summary>
    public long? Current => _held ? Id : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("ordersdb"))
        {
            // Its own session, never pooled: closing it must end the session, and with it the lock.
            Pooling = false,
            // A session whose server vanished without a word is noticed within seconds, and taken again.
            KeepAlive = 5,
            ApplicationName = "Orders.Api claimant",
        }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = Id } } })
                {
                    await take.ExecuteNonQueryAsync(stoppingToken);
                }

                _held = true;
                // Waits on the socket: returns only by an exception, when the session ends or the process stops.
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException || DependencyFailures.IsCommonDependencyFailure(ex))
            {
                if (_held)
                {
                    logger.LogWarning("The checkout claimant's database session ended ({Reason}); taking it again", ex.Message);
                }

                _held = false;
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
    }
}
