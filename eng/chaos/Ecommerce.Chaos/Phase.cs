namespace Ecommerce.Chaos;

/// <summary>What one fault cost the clients, from the fault's start until their rate of good answers was back.</summary>
public sealed record Phase(
    string Fault,
    int Requests,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, int> UnavailableByOperation,
    int Wrong,
    double LongestWaitSeconds,
    double BaselinePerSecond,
    double RecoverySeconds,
    IReadOnlyList<Book> Books)
{
    /// <summary>Good answers (successes and refusals) per second, as a share of the baseline, that counts as recovered.</summary>
    public const double Recovered = 0.8;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public bool Balanced => Wrong == 0 && Books.All(book => book.Balanced);

    /// <param name="baseline">The rate of good answers over the calm before the fault.</param>
    public static Phase Of(string fault, IReadOnlyList<Answer> all, TimeSpan start, TimeSpan end, double baseline, IReadOnlyList<Book> books)
    {
        var sent = all.Where(a => a.SentAt >= start && a.SentAt < end).ToList();
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

        return new Phase(
            fault,
            sent.Count,
            sent.GroupBy(a => Label(a.Status)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            sent.Where(a => a.Kind == AnswerKind.Unavailable).GroupBy(a => $"{a.Operation}: {Label(a.Status)}")
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            sent.Count(a => a.Kind == AnswerKind.Wrong),
            sent.Count == 0 ? 0 : Math.Round(sent.Max(a => a.Waited.TotalSeconds), 2),
            Math.Round(baseline, 1),
            Math.Round((lastLow - start).TotalSeconds, 1),
            books);
    }

    private static string Label(int status) => status switch
    {
        Answer.NoAnswer => "no answer",
        Answer.Hang => "hang",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
