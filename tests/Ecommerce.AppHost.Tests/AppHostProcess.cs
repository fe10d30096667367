using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// The AppHost run as a person runs it — its own process, in a session of its own (its own process group, as a
/// terminal's foreground job has), its http launch profile's settings — on random ports, so that it does not meet the
/// shared platform or a developer's run. A shell gives its foreground job the default Ctrl+C handling even when the
/// shell itself was started with SIGINT ignored (as background jobs are); env --default-signal does the same here.
/// </summary>
public sealed partial class AppHostProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private AppHostProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public IEnumerable<string> Output => _output;

    /// <param name="throughDotnetRun">Started with 'dotnet run', as the README says, rather than from its build output.</param>
    public static AppHostProcess Start(bool throughDotnetRun, string dataDirectory)
    {
        var startInfo = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("--default-signal=INT");
        startInfo.ArgumentList.Add("setsid");
        if (throughDotnetRun)
        {
            foreach (var argument in new[] { "dotnet", "run", "--no-build", "--project", AppHostProject.Directory, "--" })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.ArgumentList.Add(Path.Combine(AppHostProject.OutputDirectory, "Ecommerce.AppHost"));
            startInfo.WorkingDirectory = AppHostProject.Directory;
        }

        foreach (var argument in new[]
        {
            "--DcpPublisher:RandomizePorts=true",
            $"--LocalRun:DataDirectory={dataDirectory}",
            $"--ASPNETCORE_URLS=http://127.0.0.1:{FreePort.Next()}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        return new AppHostProcess(Process.Start(startInfo)!);
    }

    /// <summary>The login address the AppHost prints once the dashboard runs, or null if it exits or is not up in time.</summary>
    public async Task<Uri?> WaitForLoginUrlAsync(TimeSpan limit)
    {
        Uri? login = null;
        await Eventually.TrueWithinAsync(limit, () =>
        {
            login = _output.Select(line => LoginUrl().Match(line)).Where(match => match.Success).Select(match => new Uri(match.Value)).FirstOrDefault();
            return Task.FromResult(login is not null || Process.HasExited);
        });
        return login;
    }

    /// <summary>The last lines the AppHost printed, to explain a failure.</summary>
    public string LastOutput(int lines = 40) => string.Join(Environment.NewLine, _output.TakeLast(lines));

    public void Dispose() => Process.Dispose();

    [GeneratedRegex(@"http://\S+/login\?t=[0-9a-f]+")]
    private static partial Regex LoginUrl();
}
