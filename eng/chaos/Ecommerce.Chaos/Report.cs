using System.Globalization;
using System.Text.Json;

namespace Ecommerce.Chaos;

public static class Report
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Print(ChaosReport report, Action<string> say)
    {
        say("");
        say($"{"fault",-42} {"requests",8} {"2xx",6} {"4xx",6} {"5xx",5} {"wrong",5} {"longest",8} {"checkout",8} {"restored",8} {"recovery",8}  books");
        foreach (var phase in report.Phases)
        {
            int Count(Func<int, bool> status) => phase.Answers.Where(a => int.TryParse(a.Key, out var s) && status(s)).Sum(a => a.Value);
            var books = phase.Balanced ? "balanced" : "NOT BALANCED: " + string.Join("; ", phase.Books.Where(b => !b.Balanced).Select(b => b.Detail));
            say(FormattableString.Invariant($"{phase.Fault,-42} {phase.Requests,8} {Count(s => s is >= 200 and < 300),6} {Count(s => s is >= 400 and < 500),6} {phase.ServerErrors,5} {phase.Wrong,5} {phase.LongestWaitSeconds,7:0.0}s {phase.LongestCheckoutSeconds,7:0.0}s {phase.RestoredAfterSeconds,7:0.0}s {phase.RecoverySeconds,7:0.0}s  {books}"));
        }

        say("");
        say("longest: the longest wait for one answer; checkout: the longest a checkout took to its final answer, retries included;");
        say("restored: until the part was back (killed replicas started again after 2 s and ready); recovery: until good answers were back at 80% of their rate.");
        var exceeded = report.Phases.Select(phase => (phase.Fault, Exceeded: phase.ExceededBounds)).Where(p => p.Exceeded.Count > 0).ToList();
        say(exceeded.Count == 0 ? "Every fault stayed within its bounds." : "Past their bounds:");
        foreach (var (fault, bounds) in exceeded)
        {
            say($"  {fault}: {string.Join(", ", bounds)}");
        }

        say("");
        say("What the faults cost (operation: answer, count):");
        foreach (var phase in report.Phases.Where(phase => phase.UnavailableByOperation.Count > 0))
        {
            say($"  {phase.Fault}: {string.Join(", ", phase.UnavailableByOperation.Select(cost => $"{cost.Key} x {cost.Value}"))}");
        }

        say("");
        say(report.Settled ? "After the load, every reservation settled." : "After the load, reservations were still unsettled: the books below are not final.");
        foreach (var book in report.Books)
        {
            say($"  {(book.Balanced ? "ok  " : "FAIL")} {book.Name}: {book.Detail}");
        }

        say("");
        say(report.Balanced ? "The books balance." : "The books do NOT balance.");
    }

    public static string FileName(DateTime startedAt) => startedAt.ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture);

    /// <returns>The file written.</returns>
    public static string Write(ChaosReport report, string folder)
    {
        var file = Path.Combine(folder, FileName(report.StartedAt) + ".json");
        File.WriteAllText(file, JsonSerializer.Serialize(report, Json));
        return file;
    }
}
