namespace Orders.Api.Model;

/// <summary>
/// One Idempotency-Key of POST /orders, of one caller: two customers using the same key are two keys. Inserted before
/// any work (the primary key makes a second, concurrent request with the key fail at once), then completed with the
/// answer that retries replay.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The caller's <c>sub</c>: a replay never shows one customer another's order.</summary>
    public required string UserId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the request as parsed, so that the same request written differently still matches.</summary>
    public required string RequestHash { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>
    /// The claiming process's <c>ClaimantSession</c> id: while that process lives, its database session holds the advisory
    /// lock of this id. Null when the claimant had no session then; such a claim is freed only by its age.
    /// </summary>
    public long? Claimant { get; init; }

    public DateTime? CompletedAt { get; set; }

    public int? StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? Location { get; set; }

    /// <summary>The order the key placed, stored in the order's transaction: one key, at most one order.</summary>
    public Guid? OrderId { get; set; }
}
