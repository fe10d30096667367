using System.Collections.Concurrent;
using System.Diagnostics;
using Ecommerce.TestSupport;

namespace Carts.Api.Tests;

public class TracingTests(CartsApiFixture api) : IClassFixture<CartsApiFixture>
{
    private const string RedisSource = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    [Fact]
    public async Task A_cart_change_is_traced_with_its_Redis_commands_within_seconds()
    {
        using var test = new ActivitySource(nameof(TracingTests));
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is nameof(TracingTests) or "Microsoft.AspNetCore" or RedisSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId traceId;
        using (var trace = test.StartActivity("create a cart")!)
        {
            traceId = trace.TraceId;
            await api.Customer.PostAsync("/carts", Json.Body("{}"));
        }

        var request = stopped.Single(a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == traceId);
        // The commands become spans a moment later, when the instrumentation drains its profiling sessions.
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(
            stopped.Any(a => a.Source.Name == RedisSource && a.ParentSpanId == request.SpanId))));
    }
}
