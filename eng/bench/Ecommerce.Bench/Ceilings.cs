using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Carts.Api.Infrastructure;
using Ecommerce.Hosting.LocalProcesses;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Servers;

namespace Ecommerce.Bench;

/// <summary>What the machine can do without our code, measured in the same run: the baselines of the ratios.</summary>
internal static partial class Ceilings
{
    /// <summary>Bare Kestrel answering <paramref name="json"/> from memory: the most any HTTP endpoint here can do.</summary>
    public static async Task<LoadResult> BareKestrelAsync(Wrk wrk, string json)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        app.MapGet("/products/{id}", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        await app.StartAsync();
        var result = await wrk.RunAsync($"http://127.0.0.1:{port}", "GET", "/products/{id}", null, ["0"]);
        await app.StopAsync();
        // The load is on this process, not on a service: the services' CPU over the run says nothing about it.
        return result with { ServiceCpuMicrosecondsPerRequest = null };
    }

    /// <summary>pgbench's select-only transactions (one primary-key read each), simple or prepared protocol.</summary>
    public static async Task<LoadResult> PgbenchSelectAsync(PostgresServer postgres, string database, int connections, TimeSpan duration, bool prepared) =>
        LoadResult.OfRate(Tps(await Tools.RunAsync(Pgbench(), [.. Connection(postgres, database), "-S", "-M", prepared ? "prepared" : "simple",
            "-c", connections.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
            Password(postgres))));

    /// <summary>One conditional UPDATE of one row by every connection: the most a hot product's row can take.</summary>
    public static async Task<LoadResult> PgbenchHotRowAsync(PostgresServer postgres, string database, Guid product, int connections, TimeSpan duration)
    {
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, $"UPDATE products SET stock = stock - 1, reserved = reserved + 1 WHERE id = '{product}' AND stock >= 1;\n");
        try
        {
            return LoadResult.OfRate(Tps(await Tools.RunAsync(Pgbench(), [.. Connection(postgres, database), "-n", "-f", script,
                "-c", connections.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
                Password(postgres))));
        }
        finally
        {
            File.Delete(script);
        }
    }

    public static async Task InitialisePgbenchAsync(PostgresServer postgres, string database) =>
        await Tools.RunAsync(Pgbench(), [.. Connection(postgres, database), "-i", "-s", "10", "-q"], Password(postgres));

    /// <summary>redis-benchmark running the very script a cart add runs, against one cart.</summary>
    public static async Task<LoadResult> RedisCartScriptAsync(RedisServer redis, string password, int connections)
    {
        var script = CartScripts.Add.ReplaceLineEndings(" ");
        await Tools.RunAsync("redis-cli", ["-p", redis.Port.ToString(CultureInfo.InvariantCulture), "-a", password, "--no-auth-warning",
            "HSET", "cart:bench", "user_id", "bench"]);
        var output = await Tools.RunAsync("redis-benchmark", ["-p", redis.Port.ToString(CultureInfo.InvariantCulture), "-a", password,
            "-c", connections.ToString(CultureInfo.InvariantCulture), "-n", "200000", "-q",
            "EVAL", script, "1", "cart:bench", "bench", "p1", "0", "{}", "1000000000", "2026-01-01T00:00:00Z", "2592000000", "1000000000"]);
        var match = RedisRate().Match(output);
        return LoadResult.OfRate(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string Pgbench() => Path.Combine(PostgresBinaries.FindBinDirectory(), "pgbench");

    private static string[] Connection(PostgresServer postgres, string database) =>
        ["-h", postgres.Host, "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", database];

    private static Dictionary<string, string> Password(PostgresServer postgres) => new() { ["PGPASSWORD"] = postgres.Password };

    private static double Tps(string output) => double.Parse(TpsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"([0-9.]+) requests per second")]
    private static partial Regex RedisRate();
}
