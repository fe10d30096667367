namespace Ecommerce.Chaos;

/// <summary>What one fault cost the clients, from the fault's start until their rate of good answers was back.</summary>
/// <param name="ServerErrors">Answers 500 to 599: what the fault cost the clients in failed requests.</param>
/// <param name="LongestWaitSeconds">The longest a single request waited for its answer.</param>
/// <param name="LongestCheckoutSeconds">The longest a checkout begun in the phase took, across the client's retries, to its final answer.</param>
/// <param name="RestoredAfterSeconds">From the fault to the part being back: killed replicas started again (after the 2 s back-off) and ready.</param>
public sealed record Phase(
    string Fault,
    int Requests,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, int> UnavailableByOperation,
    int Wrong,
    int ServerErrors,
    double LongestWaitSeconds,
    double LongestCheckoutSeconds,
    double RestoredAfterSeconds,
    double BaselinePerSecond,
    double RecoverySeconds,
    IReadOnlyList<Book> Books)
{
    /// <summary>Good answers (successes and refusals) per second, as a share of the baseline, that counts as recovered.</summary>
    public const double Recovered = 0.8;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public bool Balanced => Wrong == 0 && Books.All(book => book.Balanced);

    /// <summary>Each of its fault's bounds the phase went past (see <see cref="FaultBounds"/>).</summary>
    public IReadOnlyList<string> ExceededBounds { get; init; } = [];

    /// <summary>
    /// Good answers in each second from the fault's start to the phase's end: the shape of the recovery, of which
    /// <see cref="RecoverySeconds"/> is only the end (a slow climb, a dip after the part was back, a plateau below the rate).
    /// </summary>
    public IReadOnlyList<int> GoodEachSecond { get; init; } = [];

    /// <param name="baseline">The rate of good answers over the calm before the fault.</param>
    public static Phase Of(
        Fault fault, AnswerLog log, TimeSpan start, TimeSpan restoredAt, TimeSpan end, double baseline, IReadOnlyList<Book> books)
    {
        var all = log.All;
        var sent = all.Where(a => a.SentAt >= start && a.SentAt < end).ToList();
        var checkouts = log.Checkouts.Where(c => c.StartedAt >= start && c.StartedAt < end).ToList();
        // The end of the last two-second window, from the fault's start, in which the clients got fewer good answers
        // than they did before it.
        var lastLow = start;
        for (var from = start; from + Window <= end; from += TimeSpan.FromMilliseconds(500))
        {
            if (AnswerLog.GoodPerSecond(all, from, from + Window) < Recovered * baseline)
            {
                lastLow = from + Window;
            }
        }

        var phase = new Phase(
            fault.Name,
            sent.Count,
            sent.GroupBy(a => Label(a.Status)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            sent.Where(a => a.Kind == AnswerKind.Unavailable).GroupBy(a => $"{a.Operation}: {Label(a.Status)}")
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            sent.Count(a => a.Kind == AnswerKind.Wrong),
            sent.Count(a => a.Status is >= 500 and < 600),
            sent.Count == 0 ? 0 : Math.Round(sent.Max(a => a.Waited.TotalSeconds), 2),
            checkouts.Count == 0 ? 0 : Math.Round(checkouts.Max(c => c.Waited.TotalSeconds), 2),
            Math.Round((restoredAt - start).TotalSeconds, 1),
            Math.Round(baseline, 1),
            Math.Round((lastLow - start).TotalSeconds, 1),
            books);
        var seconds = (int)(end - start).TotalSeconds;
        var goodEachSecond = Enumerable.Range(0, seconds)
            .Select(second => (int)AnswerLog.GoodPerSecond(all, start + TimeSpan.FromSeconds(second), start + TimeSpan.FromSeconds(second + 1)))
            .ToList();
        return phase with { ExceededBounds = fault.Bounds.ExceededBy(phase), GoodEachSecond = goodEachSecond };
    }

    private static string Label(int status) => status switch
    {
        Answer.NoAnswer => "no answer",
        Answer.Hang => "hang",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
