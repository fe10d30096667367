using System.Data.Common;
using System.Net.Sockets;
using Ecommerce.Hosting.LocalProcesses;
using Microsoft.Extensions.Logging;

namespace Ecommerce.TestSupport.Servers;

/// <summary>
/// A throwaway server for the service tests (PostgreSQL, Redis), run from the local binaries on a loopback port it
/// keeps across restarts (outage tests stop and start it), ready once it answers, stopped gracefully and then forcibly.
/// </summary>
public abstract class LocalServer : IAsyncDisposable
{
    private readonly string _kind;
    private readonly TimeSpan _startTimeout;
    private ManagedProcess? _process;

    private protected LocalServer(string kind, int port, TimeSpan startTimeout, ILogger logger)
    {
        _kind = kind;
        _startTimeout = startTimeout;
        Port = port;
        Logger = logger;
    }

    public int Port { get; }

    public string Host { get; } = "127.0.0.1";

    public ManagedProcess? Process => _process;

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

        _process = await StartProcessAsync(cancellationToken);
        await WaitUntilReadyAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        BeforeStop();
        await _process.StopAsync(StopSignal, TimeSpan.FromSeconds(15));
        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    private protected abstract Task<ManagedProcess> StartProcessAsync(CancellationToken cancellationToken);

    /// <summary>One probe: true when the server answers as a client would use it.</summary>
    private protected abstract Task<bool> AnswersAsync(CancellationToken cancellationToken);

    private protected virtual void BeforeStop()
    {
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
                throw new InvalidOperationException($"{_kind} exited with code {_process.ExitCode} while starting:{Environment.NewLine}{_process.RecentOutput()}");
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
                throw new InvalidOperationException($"{_kind} did not answer within {_startTimeout}:{Environment.NewLine}{_process.RecentOutput()}");
            }
        }
    }
}
