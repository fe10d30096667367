using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecommerce.Hosting.Local;

/// <summary>A redis-server run from the local binary on a loopback port, password-protected as Aspire runs it.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly RedisServerOptions _options;
    private readonly ILogger _logger;
    private readonly string _binary;
    private ManagedProcess? _process;

    private RedisServer(RedisServerOptions options, int port, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Port = port;
        _binary = options.Container is null ? FindBinary() : "";
    }

    public int Port { get; }

    public string Host { get; } = "127.0.0.1";

    public ManagedProcess? Process => _process;

    private string ContainerName => $"ecommerce-redis-{Port}";

    /// <summary>The connection string in Aspire's form for Redis: <c>host:port,password=…</c>.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port},password={_options.Password}");

    public static async Task<RedisServer> StartAsync(RedisServerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var port = options.Port == 0 ? FreePort.Next() : options.Port;
        var server = new RedisServer(options, port, logger ?? NullLogger.Instance);
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        if (FreePort.IsInUse(Port))
        {
            throw new HostingException($"Port {Port} is already in use: stop whatever listens there or choose another port for Redis.");
        }

        Directory.CreateDirectory(_options.DataDirectory);
        var command = _options.Container is { } container
            ? container.RunRedis(ContainerName, Port, _options.Password, _options.ContainerVolume)
            : Command();
        _process = ManagedProcess.Start("redis", command, _logger, runAsUser: null, _options.OnOutput);
        await WaitUntilReadyAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (_options.Container is { } container)
        {
            // The engine runs the container, not the client process: ask the engine to stop it.
            await using var stop = ManagedProcess.Start("container stop", container.Stop(ContainerName), _logger);
            await stop.WaitForExitAsync(CancellationToken.None);
        }

        await _process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private ProcessStartInfo Command()
    {
        var command = new ProcessStartInfo(_binary)
        {
            WorkingDirectory = _options.DataDirectory,
            ArgumentList =
            {
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", Host,
                "--requirepass", _options.Password, "--dir", Path.GetFullPath(_options.DataDirectory),
                "--daemonize", "no", "--logfile", "", "--save", "",
                "--appendonly", _options.Persistent ? "yes" : "no",
            },
        };
        return command;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartTimeout);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new HostingException($"redis-server exited with code {_process.ExitCode} while starting:{Environment.NewLine}{_process.RecentOutput()}");
            }

            try
            {
                if (await PingAsync(timeout.Token))
                {
                    _logger.LogInformation("Redis is ready on {Host}:{Port}", Host, Port);
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException && !timeout.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HostingException($"Redis did not answer within {_options.StartTimeout}:{Environment.NewLine}{_process.RecentOutput()}");
            }

            await Task.Delay(50, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>AUTH and PING in the Redis protocol: ready once both are answered.</summary>
    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Host, Port, cancellationToken);
        var stream = client.GetStream();
        var password = Encoding.UTF8.GetBytes(_options.Password);
        var request = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"*2\r\n$4\r\nAUTH\r\n${password.Length}\r\n{_options.Password}\r\n*1\r\n$4\r\nPING\r\n"));
        await stream.WriteAsync(request, cancellationToken);
        var buffer = new byte[256];
        var answer = new StringBuilder();
        while (!answer.ToString().Contains("+PONG", StringComparison.Ordinal) && !answer.ToString().Contains('-', StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return answer.ToString() == "+OK\r\n+PONG\r\n";
    }

    internal static string? FindBinaryOrNull() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

    private static string FindBinary() => FindBinaryOrNull() ?? throw new HostingException(
        "redis-server was not found. Install it with 'apt-get install -y redis-server' or run a container runtime (docker or podman).");
}
