using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Servers;

namespace Ecommerce.AppHost.Tests.Monitoring;

/// <summary>
/// A real Prometheus (the installed binary, eng/setup.sh) on a loopback port, scraping static targets every second
/// and evaluating the given rule files every second, with its storage in a throwaway folder.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _api;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        _api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The path of an installed tool (prometheus, promtool); a test that needs one fails without it.</summary>
    public static string Tool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed: run eng/setup.sh (apt-get install prometheus).");

    /// <param name="targets">Each job's host:port targets.</param>
    /// <param name="ruleFiles">Rule files (Prometheus' own format) to evaluate.</param>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, string[]> targets, IEnumerable<string> ruleFiles)
    {
        var folder = ServerFolders.CreateTemporary("ecommerce-prometheus-");
        var config = new StringBuilder("""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:

            """);
        foreach (var file in ruleFiles)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - {file}\n");
        }

        config.Append("scrape_configs:\n");
        foreach (var (job, addresses) in targets)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - job_name: {job}\n    static_configs:\n      - targets: [{string.Join(", ", addresses)}]\n");
        }

        var configFile = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config.ToString());
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Tool("prometheus"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                $"--config.file={configFile}",
                $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
        };
        var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}"));
        var ready = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(30), async () =>
        {
            try
            {
                return !process.HasExited && (await server._api.GetAsync("/-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        if (!ready)
        {
            await server.DisposeAsync();
            lock (log)
            {
                throw new InvalidOperationException($"Prometheus did not become ready: {log}");
            }
        }

        return server;
    }

    /// <summary>An instant query's result: one object per series, with its <c>metric</c> labels and its <c>value</c>.</summary>
    public async Task<JsonArray> QueryAsync(string promql)
    {
        var response = await _api.PostAsync("/api/v1/query", new FormUrlEncodedContent([KeyValuePair.Create("query", promql)]));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, $"{promql}: {body?["error"]}");
        return body!["data"]!["result"]!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
