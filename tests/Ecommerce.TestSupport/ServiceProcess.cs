using System.Diagnostics;

namespace Ecommerce.TestSupport;

/// <summary>
/// A service of the platform run from its build output as a process, configured only by Aspire's variables. It can be
/// killed, frozen and started again on its address, as a kubelet restarts a pod.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo _start;
    private readonly string _name;
    private Process _process = null!;

    private ServiceProcess(ProcessStartInfo start, string name, Uri address)
    {
        _start = start;
        _name = name;
        Address = address;
    }

    public Uri Address { get; }

    public string Origin => Address.ToString().TrimEnd('/');

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>RSS of the process now, in MiB.</summary>
    public double ResidentMegabytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1024.0 / 1024.0;
        }
    }

    /// <summary>CPU time the process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// A folder of published services (<c>{folder}/{project}/{project}.dll</c>, as eng/chaos/run.sh publishes them: compiled
    /// ahead of time, as in the images) to run instead of the build output; from <c>ECOMMERCE_PUBLISHED_SERVICES</c>.
    /// </summary>
    public static string? PublishedServices { get; } = Environment.GetEnvironmentVariable("ECOMMERCE_PUBLISHED_SERVICES") is { Length: > 0 } folder ? folder : null;

    /// <summary>When set, each line the service writes to stderr (its logs' warnings and errors).</summary>
    public static Action<string, string>? ErrorLines { get; set; } = (name, line) => Console.Error.WriteLine($"[{name}] {line}");

    /// <param name="name">How the process is named in its log lines, e.g. "Orders.Api#2" for a second replica.</param>
    public static async Task<ServiceProcess> StartAsync(
        string repository, string project, string configuration, IDictionary<string, string> settings, string? name = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var dll = PublishedServices is { } published
            ? Path.Combine(published, project, $"{project}.dll")
            : Path.Combine(repository, project, "bin", configuration, "net10.0", $"{project}.dll");
        // Run from the build output, as a container or the AppHost would, so the service reads its appsettings.json.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var service = new ServiceProcess(start, name ?? project, address);
        await service.RunAsync();
        return service;
    }

    /// <summary>Starts the service again on its address after it was killed; returns once it is healthy.</summary>
    public async Task RestartAsync()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException($"{_name} is still running.");
        }

        _process.Dispose();
        await RunAsync();
    }

    /// <summary>SIGKILL: the process dies at once, with whatever it held in memory.</summary>
    public async Task KillAsync()
    {
        Signals.Send(_process.Id, Signals.SigKill);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process stays, its sockets open, and answers nothing until <see cref="Thaw"/>.</summary>
    public void Freeze() => Signals.Send(_process.Id, Signals.SigStop);

    public void Thaw() => Signals.Send(_process.Id, Signals.SigCont);

    private async Task RunAsync()
    {
        _process = Process.Start(_start) ?? throw new InvalidOperationException($"{_name} did not start.");
        var name = _name;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                ErrorLines?.Invoke(name, e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(500);
        }

        await StopAsync();
        throw new InvalidOperationException($"{_name} did not become healthy at {Address}.");
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            // A frozen process cannot act on SIGTERM.
            Signals.Send(_process.Id, Signals.SigCont);
            Signals.Send(_process.Id, Signals.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
