using System.Globalization;
using System.Text.Json;

namespace Ecommerce.Bench;

/// <summary>What one wrk run measured.</summary>
/// <param name="ServiceCpuMicrosecondsPerRequest">The CPU time each service used during the run, per request served:
/// which service a scenario's cost is in (a cart add spends about as much in Products.Api, looking the product up, as in
/// Carts.Api), and what a hop through the gateway costs next to the request it forwards.</param>
internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, long Requests,
    IReadOnlyDictionary<string, double>? ServiceCpuMicrosecondsPerRequest = null)
{
    public static LoadResult OfRate(double rate) => new(rate, 0, 0, 0, 0);
}

/// <summary>
/// HTTP load with wrk, on loopback only: a warm-up, then the measured run once <paramref name="settle"/> has waited for
/// the services to go idle; <paramref name="serviceCpu"/> reads each service's CPU time, before and after that run.
/// </summary>
internal sealed class Wrk(string scripts, int connections, TimeSpan duration, Func<Task> settle,
    Func<IReadOnlyDictionary<string, TimeSpan>> serviceCpu)
{
    /// <param name="warmUpIds">The ids of the warm-up, when it must not use up the measured run's (a cart line holds at most 1,000 units).</param>
    public async Task<LoadResult> RunAsync(string baseUrl, string method, string path, string? body, IReadOnlyList<string> ids, IReadOnlyList<string>? warmUpIds = null)
    {
        var idFile = Path.GetTempFileName();
        var warmUpFile = Path.GetTempFileName();
        await File.WriteAllLinesAsync(idFile, ids);
        await File.WriteAllLinesAsync(warmUpFile, warmUpIds ?? ids);
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["WRK_METHOD"] = method,
                ["WRK_PATH"] = path,
                ["WRK_IDS"] = idFile,
                ["WRK_REPORT"] = Path.Combine(scripts, "report.lua"),
            };
            if (body is not null)
            {
                environment["WRK_BODY"] = body;
            }

            string Arguments(TimeSpan length) => $"-t2 -c{connections} -d{(int)length.TotalSeconds}s --latency -s {Path.Combine(scripts, "rotate.lua")} {baseUrl}";
            // Long enough for the JIT's tiered compilation to settle: shorter warm-ups measured half the steady rate.
            await Tools.RunAsync("wrk", Arguments(TimeSpan.FromSeconds(Math.Max(8, duration.TotalSeconds))).Split(' '),
                new Dictionary<string, string>(environment) { ["WRK_IDS"] = warmUpFile });
            await settle();
            var cpuBefore = serviceCpu();
            var output = await Tools.RunAsync("wrk", Arguments(duration).Split(' '), environment);
            var cpuAfter = serviceCpu();
            var line = output.Split('\n').Single(l => l.StartsWith("WRK_RESULT ", StringComparison.Ordinal));
            var result = JsonDocument.Parse(line["WRK_RESULT ".Length..]).RootElement;
            var requests = result.GetProperty("requests").GetInt64();
            var seconds = result.GetProperty("duration_us").GetInt64() / 1e6;
            return new LoadResult(
                requests / seconds,
                result.GetProperty("p50_us").GetInt64() / 1000.0,
                result.GetProperty("p99_us").GetInt64() / 1000.0,
                result.GetProperty("errors").GetInt64() + result.GetProperty("non_2xx").GetInt64(),
                requests,
                cpuAfter.ToDictionary(service => service.Key,
                    service => (service.Value - cpuBefore[service.Key]).TotalMicroseconds / Math.Max(requests, 1)));
        }
        finally
        {
            File.Delete(idFile);
            File.Delete(warmUpFile);
        }
    }

    /// <summary>The same load, with measured runs of <paramref name="length"/>.</summary>
    public Wrk Lasting(TimeSpan length) => new(scripts, connections, length, settle, serviceCpu);

    public static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
