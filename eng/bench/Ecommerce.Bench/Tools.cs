using Ecommerce.TestSupport;

namespace Ecommerce.Bench;

/// <summary>Runs a tool of the bench (wrk, pgbench, redis-benchmark), which must succeed, and returns what it printed.</summary>
internal static class Tools
{
    public static async Task<string> RunAsync(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        (await Commands.RunAsync(command, arguments, environment: environment)).EnsureSuccess();
}
