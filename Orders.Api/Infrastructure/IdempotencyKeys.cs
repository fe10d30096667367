using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Orders.Api.Application;
using Orders.Api.Model;

namespace Orders.Api.Infrastructure;

/// <summary>What a request holding an Idempotency-Key may do.</summary>
public abstract record IdempotencyClaim
{
    private IdempotencyClaim()
    {
    }

    /// <summary>
    /// The key is this request's: go on, then complete or abandon it. <paramref name="At"/> is the claim's own time, so
    /// that a request whose key was taken over by a retry (its process was gone, or it ran past
    /// <see cref="OrdersOptions.IdempotencyKeyAbandonedAfter"/>) can neither complete nor free the key any more.
    /// </summary>
    public sealed record Claimed(string UserId, string Key, DateTime At) : IdempotencyClaim;

    /// <summary>The key answered before: send that answer again.</summary>
    public sealed record Replay(IdempotentAnswer Answer) : IdempotencyClaim;

    /// <summary>The first request with the key is still running.</summary>
    public sealed record InProgress : IdempotencyClaim;

    /// <summary>The key was used for a different request.</summary>
    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>What a checkout answers, first and on every retry of its key: the status, the body as sent, and the placed order if any.</summary>
public sealed record IdempotentAnswer(int StatusCode, string Body, string? Location = null, Guid? OrderId = null);

/// <summary>
/// Idempotency keys of POST /orders, insert-first: the key's row is written before any work, so of two
/// concurrent requests with one key exactly one proceeds. A placed order's answer is stored in the order's own
/// transaction (see CheckoutService), and IdempotentCheckout decides what a claim leads to, so that no crash leaves an order without the answer its retry replays. Keys
/// are the caller's own and kept at least 24 hours. A key still in progress is taken over by a retry as soon as the
/// process that claimed it is known to be gone (see <see cref="ClaimantSession"/>), or once the claim is older than
/// <see cref="OrdersOptions.IdempotencyKeyAbandonedAfter"/>.
/// </summary>
public sealed class IdempotencyKeys(OrderingContext db, ClaimantSession claimant, TimeProvider clock, IOptions<OrdersOptions> options)
{
    public const int MaxKeyLength = 200;

    /// <summary>Completed keys are kept this long (docs/api.md promises at least 24 hours).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    public static string Hash<T>(T request, JsonSerializerOptions options) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, options))));

    public async Task<IdempotencyClaim> ClaimAsync(string userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        var claimedBy = claimant.Current;
        db.IdempotencyKeys.Add(new IdempotencyRecord { UserId = userId, Key = key, RequestHash = requestHash, CreatedAt = now, Claimant = claimedBy });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new IdempotencyClaim.Claimed(userId, key, now);
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
            return new IdempotencyClaim.Replay(new IdempotentAnswer(existing.StatusCode!.Value, existing.ResponseBody!, existing.Location, existing.OrderId));
        }

        if (existing.CreatedAt < now - options.Value.IdempotencyKeyAbandonedAfter || await IsGoneAsync(existing.Claimant, cancellationToken))
        {
            var taken = await Keyed(userId, key)
                .Where(r => r.CreatedAt == existing.CreatedAt && r.CompletedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAt, now).SetProperty(r => r.Claimant, claimedBy), cancellationToken);
            if (taken == 1)
            {
                return new IdempotencyClaim.Claimed(userId, key, now);
            }
        }

        return new IdempotencyClaim.InProgress();
    }

    /// <summary>
    /// Stores the key's answer (and the order it placed), in the caller's transaction when there is one. False when the
    /// claim no longer holds: a retry took the key over, and this request must not place its order.
    /// </summary>
    public async Task<bool> CompleteAsync(IdempotencyClaim.Claimed claim, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForStorage();
        return await Holding(claim).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.CompletedAt, now)
            .SetProperty(r => r.StatusCode, answer.StatusCode)
            .SetProperty(r => r.ResponseBody, answer.Body)
            .SetProperty(r => r.Location, answer.Location)
            .SetProperty(r => r.OrderId, answer.OrderId), cancellationToken) == 1;
    }

    /// <summary>
    /// Stores <paramref name="order"/> and completes its key with <paramref name="answer"/> in one transaction: a crash leaves
    /// either both (the retry replays the order) or neither (the retry places it). False, and nothing stored, when the
    /// claim no longer held.
    /// </summary>
    public async Task<bool> StoreWithOrderAsync(Order order, IdempotencyClaim.Claimed claim, IdempotentAnswer answer)
    {
        db.Orders.Add(order);
        // A commit whose acknowledgement was lost is retried only if the order is not there.
        var stored = await db.Database.CreateExecutionStrategy().ExecuteAsync(
            claim,
            (_, held, ct) => db.WithTransactionAsync(async (transaction, inTransaction) =>
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, inTransaction);
                if (!await CompleteAsync(held, answer, inTransaction))
                {
                    await transaction.RollbackAsync(inTransaction);
                    return false;
                }

                await transaction.CommitAsync(inTransaction);
                return true;
            }, ct),
            async (_, _, ct) => new ExecutionResult<bool>(await db.Orders.AsNoTracking().AnyAsync(o => o.Id == order.Id, ct), true),
            CancellationToken.None);
        if (stored)
        {
            db.ChangeTracker.AcceptAllChanges();
        }
        else
        {
            db.ChangeTracker.Clear();
        }

        return stored;
    }

    /// <summary>Frees the key after an answer that is not final (503): the client's retry then runs for real.</summary>
    public Task AbandonAsync(IdempotencyClaim.Claimed claim) => Holding(claim).ExecuteDeleteAsync(CancellationToken.None);

    public Task<bool> AnyExpiredAsync(CancellationToken cancellationToken) => Expired().AnyAsync(cancellationToken);

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) => Expired().ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// True when the process that claimed a key has no session any more: its advisory lock can be taken (and, taken for
    /// this statement's transaction only, is free again at once).
    /// </summary>
    private async Task<bool> IsGoneAsync(long? claimedBy, CancellationToken cancellationToken) =>
        claimedBy is { } id && id != claimant.Id &&
        await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({id}) AS \"Value\"").SingleAsync(cancellationToken);

    /// <summary>The one row of <paramref name="userId"/>'s key (its primary key).</summary>
    private IQueryable<IdempotencyRecord> Keyed(string userId, string key) => db.IdempotencyKeys.Where(r => r.UserId == userId && r.Key == key);

    /// <summary>The key's row while <paramref name="claim"/> still holds it: claimed then, not completed since.</summary>
    private IQueryable<IdempotencyRecord> Holding(IdempotencyClaim.Claimed claim) =>
        Keyed(claim.UserId, claim.Key).Where(r => r.CreatedAt == claim.At && r.CompletedAt == null);

    private IQueryable<IdempotencyRecord> Expired()
    {
        var cutoff = clock.UtcNowForStorage() - Retention;
        return db.IdempotencyKeys.Where(r => r.CreatedAt < cutoff);
    }
}
