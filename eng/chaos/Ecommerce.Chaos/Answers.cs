using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ecommerce.Chaos;

/// <summary>What a client got for one request: an HTTP status, <see cref="NoAnswer"/> or <see cref="Hang"/>.</summary>
public sealed record Answer(string Operation, TimeSpan SentAt, TimeSpan AnsweredAt, int Status, bool RetryAfter)
{
    /// <summary>The connection to the gateway failed: the gateway itself is never a fault here, so this is a defect.</summary>
    public const int NoAnswer = 0;

    /// <summary>No answer within the client's timeout, longer than every route's: the platform hung.</summary>
    public const int Hang = -1;

    public TimeSpan Waited => AnsweredAt - SentAt;

    public AnswerKind Kind => Status switch
    {
        >= 200 and < 300 => AnswerKind.Success,
        404 or 409 or 412 or 422 => AnswerKind.Refusal,
        503 when RetryAfter => AnswerKind.Unavailable,
        502 or 504 => AnswerKind.Unavailable,
        _ => AnswerKind.Wrong,
    };
}

public enum AnswerKind
{
    Success,

    /// <summary>A 4xx the contract gives for what the client asked (out of stock, a stale ETag, a key still in progress).</summary>
    Refusal,

    /// <summary>A 503 with Retry-After, or the gateway's 502/504 problem: what a fault may cost.</summary>
    Unavailable,

    /// <summary>A 500, a 503 without Retry-After, any other 4xx or 5xx, no answer, or a hang.</summary>
    Wrong,
}

/// <summary>A checkout from its first try to its final answer, across the client's retries with one Idempotency-Key.</summary>
public sealed record Checkout(TimeSpan StartedAt, TimeSpan AnsweredAt, int Status)
{
    public TimeSpan Waited => AnsweredAt - StartedAt;
}

/// <summary>Every answer of the run, on one clock.</summary>
public sealed class AnswerLog
{
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly ConcurrentQueue<Checkout> _checkouts = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public void Add(Answer answer) => _answers.Enqueue(answer);

    public IReadOnlyList<Answer> All => [.. _answers];

    public void Add(Checkout checkout) => _checkouts.Enqueue(checkout);

    public IReadOnlyList<Checkout> Checkouts => [.. _checkouts];

    /// <summary>Answers that succeeded or were refused, per second, among those answered in the last <paramref name="window"/>.</summary>
    public double GoodPerSecond(TimeSpan window) => GoodPerSecond(_answers, Now - window, Now);

    public static double GoodPerSecond(IEnumerable<Answer> answers, TimeSpan from, TimeSpan to) =>
        answers.Count(a => a.AnsweredAt >= from && a.AnsweredAt < to && a.Kind is AnswerKind.Success or AnswerKind.Refusal) / (to - from).TotalSeconds;
}
