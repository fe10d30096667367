using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orders.Api.Tests;

/// <summary>
/// Records the spans of every service in this process. The services run in-process, so their ASP.NET Core
/// request spans show whether one trace id reached all of them, which is what an OTLP backend would show.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Ecommerce.Orders",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public Activity Find(Func<Activity, bool> predicate) => _spans.Single(predicate);

    public bool Any(Func<Activity, bool> predicate) => _spans.Any(predicate);

    /// <summary>"METHOD /path" of every request a service received in the trace.</summary>
    public IReadOnlyList<string> ServerSpans(ActivityTraceId traceId) => _spans
        .Where(a => a.TraceId == traceId && a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn")
        .Select(a => $"{a.GetTagItem("http.request.method")} {a.GetTagItem("url.path")}")
        .ToList();

    public void Dispose() => _listener.Dispose();
}
