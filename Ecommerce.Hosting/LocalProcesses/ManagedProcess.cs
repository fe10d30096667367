using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// A child process whose output is captured line by line and which stops gracefully,
/// then forcibly, and never outlives this process (see <see cref="ChildProcessLauncher"/>).
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Lock _outputLock = new();
    private readonly Queue<string> _recentOutput = new();

    private ManagedProcess(string name, Process process, ILogger logger)
    {
        _name = name;
        _process = process;
        _logger = logger;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Raised for every line the process writes, on stdout or stderr.</summary>
    public event Action<string>? OutputReceived;

    /// <param name="onOutput">Receives every line from the start, before the caller could subscribe to <see cref="OutputReceived"/>.</param>
    public static ManagedProcess Start(
        string name, ProcessStartInfo startInfo, ILogger logger, string? runAsUser = null, Action<string>? onOutput = null)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        var process = ChildProcessLauncher.Start(startInfo, runAsUser);
        var managed = new ManagedProcess(name, process, logger);
        if (onOutput is not null)
        {
            managed.OutputReceived += onOutput;
        }

        process.OutputDataReceived += (_, e) => managed.Receive(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Receive(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>
    /// Runs a command to its end (initdb, apt-get, a container engine's stop). With <paramref name="mustSucceed"/>, a
    /// non-zero exit is a <see cref="HostingException"/> that carries the command's last lines of output.
    /// </summary>
    public static async Task RunToCompletionAsync(
        string name, ProcessStartInfo startInfo, string? runAsUser = null, bool mustSucceed = true, CancellationToken cancellationToken = default)
    {
        await using var process = Start(name, startInfo, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, runAsUser);
        await process.WaitForExitAsync(cancellationToken);
        if (mustSucceed && process.ExitCode != 0)
        {
            throw new HostingException($"{name} failed with exit code {process.ExitCode}:{Environment.NewLine}{process.RecentOutput()}");
        }
    }

    /// <summary>The last lines of output, to explain a failure.</summary>
    public string RecentOutput()
    {
        lock (_outputLock)
        {
            return string.Join(Environment.NewLine, _recentOutput);
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        // setpriv execs in place, so this pid is the program's own and the signal reaches it directly.
        Signals.Send(_process.Id, signal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("{Name} did not stop within {Grace}; killing it", _name, grace);
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _recentOutput.Enqueue(line);
            if (_recentOutput.Count > 50)
            {
                _recentOutput.Dequeue();
            }
        }

        _logger.LogDebug("[{Name}] {Line}", _name, line);
        OutputReceived?.Invoke(line);
    }
}
