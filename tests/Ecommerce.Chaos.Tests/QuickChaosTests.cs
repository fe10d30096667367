using Ecommerce.TestSupport;

namespace Ecommerce.Chaos.Tests;

/// <summary>
/// eng/chaos's short run: both Orders.Api replicas killed with SIGKILL under checkout load, then PostgreSQL restarted,
/// with the books checked from the databases and Redis once everything settled.
/// </summary>
public sealed class QuickChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Orders_killed_under_checkout_and_PostgreSQL_restarted_lose_nothing_and_answer_nothing_wrong()
    {
        // The faults make the services log errors by the hundred: the answers and the books say what they cost. The
        // lines are kept all the same, and an unhandled exception (a 500) is written out with its stack.
        var errorLines = ServiceProcess.ErrorLines;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        ServiceProcess.ErrorLines = (name, line) => lines.Enqueue($"[{name}] {line}");
        ChaosReport report;
        try
        {
            report = await ChaosRun.RunAsync(DateTime.UtcNow, Fault.Quick, output.WriteLine);
        }
        finally
        {
            ServiceProcess.ErrorLines = errorLines;
        }

        Report.Print(report, output.WriteLine);
        var logged = lines.ToList();
        foreach (var unhandled in logged.Select((line, at) => (line, at)).Where(l => l.line.Contains("An unhandled exception has occurred", StringComparison.Ordinal)))
        {
            output.WriteLine(string.Join(Environment.NewLine, logged.Skip(unhandled.at - 1).Take(30)));
        }

        Assert.Equal(Fault.Quick.Select(fault => fault.Name), report.Phases.Select(phase => phase.Fault));
        // The kill was felt: checkouts in flight on the dead replicas, and those sent while both were down, got 503s.
        Assert.True(report.Phases[0].Answers.GetValueOrDefault("503") > 0, "No client noticed Orders.Api being killed.");
        // Each phase records its good answers second by second, from the fault to its end: some in every phase, and no
        // more than its requests (plus those sent before the fault and answered after it, one per client at most).
        Assert.All(report.Phases, phase =>
        {
            Assert.InRange(phase.GoodEachSecond.Count, (int)phase.RecoverySeconds, (int)phase.RecoverySeconds + 80);
            Assert.InRange(phase.GoodEachSecond.Sum(), 1, phase.Requests + 20);
        });
        Assert.All(report.Phases, phase => Assert.Equal(0, phase.Wrong));
        // Recovery in seconds (Fault.Quick's bounds, from when the killed part was back): the clients' rate is back within
        // 15 s, and a checkout caught by the death of both Orders.Api replicas gets its order within 10 s, without waiting
        // for its key to age.
        Assert.All(report.Phases, phase => Assert.True(phase.ExceededBounds.Count == 0, $"{phase.Fault}: {string.Join(", ", phase.ExceededBounds)}"));
        Assert.True(report.Settled, "Reservations were still held long after the load stopped.");
        Assert.All(report.Phases.SelectMany(phase => phase.Books).Concat(report.Books), book => Assert.True(book.Balanced, $"{book.Name}: {book.Detail}"));
    }
}
