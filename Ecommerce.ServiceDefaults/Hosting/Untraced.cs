using OpenTelemetry;

namespace Ecommerce.ServiceDefaults.Hosting;

/// <summary>
/// Background work looks for something to do every few seconds; traced, each look would be a trace of its own in the
/// dashboard, burying the requests a person came to see. The look runs untraced, and the work it finds is traced as
/// one span named for what it does, its database calls beneath.
/// </summary>
public static class Untraced
{
    /// <summary>Runs <paramref name="lookup"/> with OpenTelemetry's instrumentation (Npgsql's, HttpClient's…) suppressed.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> lookup)
    {
        using var suppressed = SuppressInstrumentationScope.Begin();
        return await lookup();
    }
}
