using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>What a request holding an Idempotency-Key may do.</summary>
public abstract record IdempotencyClaim
{
    private IdempotencyClaim()
    {
    }

    /// <summary>The key is this request's: go on, then complete or abandon it.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>The key answered before: send that answer again.</summary>
    public sealed record Replay(IdempotencyRecord Record) : IdempotencyClaim;

    /// <summary>The first request with the key is still running.</summary>
    public sealed record InProgress : IdempotencyClaim;

    /// <summary>The key was used for a different request.</summary>
    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys of POST /orders, insert-first: the key's row is written before any work, so of two
/// concurrent requests with one key exactly one proceeds. Keys are the caller's own and kept at least 24 hours.
/// </summary>
public sealed class IdempotencyKeys(OrderingContext db, TimeProvider clock)
{
    public const int MaxKeyLength = 200;

    /// <summary>Completed keys are kept this long (API.md promises at least 24 hours).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    /// <summary>A key claimed this long ago and never completed belongs to a request that died: it can be claimed again.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public static string Hash<T>(T request, JsonSerializerOptions options) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, options))));

    public async Task<IdempotencyClaim> ClaimAsync(string userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        db.IdempotencyKeys.Add(new IdempotencyRecord { UserId = userId, Key = key, RequestHash = requestHash, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new IdempotencyClaim.Claimed();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
        }

        var existing = await Keyed(userId, key).AsNoTracking().SingleAsync(cancellationToken);
        if (existing.RequestHash != requestHash)
        {
            return new IdempotencyClaim.Mismatch();
        }

        if (existing.CompletedAt is not null)
        {
            return new IdempotencyClaim.Replay(existing);
        }

        if (existing.CreatedAt < now - AbandonedAfter)
        {
            var taken = await Keyed(userId, key)
                .Where(r => r.CreatedAt == existing.CreatedAt && r.CompletedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAt, now), cancellationToken);
            if (taken == 1)
            {
                return new IdempotencyClaim.Claimed();
            }
        }

        return new IdempotencyClaim.InProgress();
    }

    public Task CompleteAsync(string userId, string key, int statusCode, string responseBody, string? location, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        return Keyed(userId, key).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.CompletedAt, now)
            .SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.ResponseBody, responseBody)
            .SetProperty(r => r.Location, location), cancellationToken);
    }

    /// <summary>Frees the key after an answer that is not final (503): the client's retry then runs for real.</summary>
    public Task AbandonAsync(string userId, string key) =>
        Keyed(userId, key).Where(r => r.CompletedAt == null).ExecuteDeleteAsync(CancellationToken.None);

    public Task<bool> AnyExpiredAsync(CancellationToken cancellationToken) => Expired().AnyAsync(cancellationToken);

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) => Expired().ExecuteDeleteAsync(cancellationToken);

    /// <summary>The one row of <paramref name="userId"/>'s key (its primary key).</summary>
    private IQueryable<IdempotencyRecord> Keyed(string userId, string key) => db.IdempotencyKeys.Where(r => r.UserId == userId && r.Key == key);

    private IQueryable<IdempotencyRecord> Expired()
    {
        var cutoff = clock.UtcNowForStorage() - Retention;
        return db.IdempotencyKeys.Where(r => r.CreatedAt < cutoff);
    }
}
