namespace Ecommerce.AppHost.Tests;

/// <summary>
/// At rest the dashboard shows nothing but what happened: no error from a fresh start, and no trace from background
/// work that found nothing to do (the committer, the reconciler and the sweeper look every few seconds).
/// </summary>
[Collection(SharedPlatform.Name)]
public class QuietPlatformTests(PlatformFixture platform)
{
    /// <summary>The spans background work opens when it does find something; each has its database calls beneath it.</summary>
    private static readonly string[] WorkSpans =
        ["commit reservations", "reconcile orders", "release expired reservations", "forget expired idempotency keys"];

    [Fact]
    public void A_fresh_start_on_an_empty_data_folder_logs_no_error()
    {
        Assert.True(platform.StartupErrors.Count == 0, string.Join(Environment.NewLine, platform.StartupErrors));
    }

    [Fact]
    public async Task With_nobody_calling_for_a_minute_no_poll_leaves_a_trace()
    {
        var idleSince = DateTimeOffset.UtcNow;

        // Twelve rounds of each five-second poller.
        await Task.Delay(TimeSpan.FromSeconds(60));

        // A trace is what the dashboard lists as one: spans of one trace id, whose first span has no parent among them
        // (a span whose parent was never exported, such as one under an untraced request, is a trace of its own).
        var traces = (await platform.Telemetry.SpansAsync()).GroupBy(span => span.TraceId)
            .Select(trace => (First: trace.MinBy(span => span.Start)!, Spans: trace.ToList()))
            .Where(trace => trace.First.Start >= idleSince)
            .ToList();
        var idle = traces.Where(trace => !WorkSpans.Contains(trace.First.Name) || trace.Spans.Count == 1).ToList();
        Assert.True(idle.Count == 0, $"{idle.Count} traces in a minute without requests: " +
                                     string.Join(", ", idle.GroupBy(trace => $"{trace.First.Service}: {trace.First.Name}").Select(g => $"{g.Count()} × {g.Key}")));
    }
}
