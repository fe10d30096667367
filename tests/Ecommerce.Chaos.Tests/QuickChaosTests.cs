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
        // The faults make the services log errors by the hundred: the answers and the books say what they cost.
        var errorLines = ServiceProcess.ErrorLines;
        ServiceProcess.ErrorLines = null;
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

        Assert.Equal(Fault.Quick.Select(fault => fault.Name), report.Phases.Select(phase => phase.Fault));
        // The kill was felt: checkouts in flight on the dead replicas, and those sent while both were down, got 503s.
        Assert.True(report.Phases[0].Answers.GetValueOrDefault("503") > 0, "No client noticed Orders.Api being killed.");
        Assert.All(report.Phases, phase => Assert.Equal(0, phase.Wrong));
        Assert.True(report.Settled, "Reservations were still held long after the load stopped.");
        Assert.All(report.Phases.SelectMany(phase => phase.Books).Concat(report.Books), book => Assert.True(book.Balanced, $"{book.Name}: {book.Detail}"));
    }
}
