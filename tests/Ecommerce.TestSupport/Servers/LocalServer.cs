using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ecommerce.TestSupport.Servers;

/// <summary>
/// A throwaway server for the service tests (PostgreSQL, Redis), run from the local binaries on a loopback port it
/// keeps across restarts (outage tests stop and start it), ready once it answers, stopped gracefully and then forcibly.
/// A server still running when the test process exits is killed with it.
/// </summary>
public abstract class LocalServer : IAsyncDisposable
{
    private readonly string _kind;
    private readonly TimeSpan _startTimeout;
    private readonly ConcurrentQueue<string> _recentOutput = new();
    private Process? _process;

    private protected LocalServer(string kind, int port, TimeSpan startTimeout, ILogger logger)
    {
        _kind = kind;
        _startTimeout = startTimeout;
        Port = port;
        Logger = logger;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly();
    }

    public int Port { get; }

    public string Host { get; } = "127.0.0.1";

    /// <summary>The server's process id while it runs (for tests that stop or freeze it with a signal).</summary>
    public int? ProcessId => _process is { HasExited: false } ? _process.Id : null;

    private protected ILogger Logger { get; }

    /// <summary>The signal that asks the server to shut down cleanly.</summary>
    private protected abstract int StopSignal { get; }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) and waits until it answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        if (FreePort.IsInUse(Port))
        {
            throw new InvalidOperationException($"Port {Port} is already in use: stop whatever listens there or choose another port for {_kind}.");
        }

        var command = await PrepareAsync(cancellationToken);
        command.RedirectStandardOutput = true;
        command.RedirectStandardError = true;
        _process = Process.Start(command) ?? throw new InvalidOperationException($"{_kind} did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        BeforeStop();
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, StopSignal);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Logger.LogWarning("{Kind} did not stop within 15 s; killing it", _kind);
                KillQuietly();
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>
    /// SIGKILL to the server and every process it started, as when its node dies: what was not on disk is lost, and the
    /// next <see cref="StartAsync"/> recovers from what was.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        BeforeStop();
        KillQuietly();
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Prepares the server's folders and returns the command that runs it in the foreground.</summary>
    private protected abstract Task<ProcessStartInfo> PrepareAsync(CancellationToken cancellationToken);

    /// <summary>One probe: true when the server answers as a client would use it.</summary>
    private protected abstract Task<bool> AnswersAsync(CancellationToken cancellationToken);

    private protected virtual void BeforeStop()
    {
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _recentOutput.Enqueue(line);
        while (_recentOutput.Count > 50 && _recentOutput.TryDequeue(out _))
        {
        }
    }

    private string RecentOutput() => string.Join(Environment.NewLine, _recentOutput);

    private void KillQuietly()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already, or never started.
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_startTimeout);
        while (true)
        {
            if (_process!.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"{_kind} exited with code {_process.ExitCode} while starting:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                if (await AnswersAsync(timeout.Token))
                {
                    Logger.LogInformation("{Kind} is ready on {Host}:{Port}", _kind, Host, Port);
                    return;
                }

                await Task.Delay(50, timeout.Token);
            }
            catch (Exception ex) when (ex is DbException or SocketException or IOException && !timeout.IsCancellationRequested)
            {
                await Task.Delay(100, CancellationToken.None);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"{_kind} did not answer within {_startTimeout}:{Environment.NewLine}{RecentOutput()}");
            }
        }
    }
}
