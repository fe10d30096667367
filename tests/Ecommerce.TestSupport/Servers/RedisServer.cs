using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Ecommerce.Hosting.LocalProcesses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecommerce.TestSupport.Servers;

/// <summary>A redis-server run from the local binary on a loopback port, password-protected as Aspire runs it.</summary>
public sealed class RedisServer : LocalServer
{
    private readonly RedisServerOptions _options;
    private readonly string _binary;

    private RedisServer(RedisServerOptions options, int port, ILogger logger)
        : base("redis", port, options.StartTimeout, logger)
    {
        _options = options;
        _binary = RedisBinaries.FindServer();
    }

    /// <summary>The connection string in Aspire's form for Redis: <c>host:port,password=…</c>.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port},password={_options.Password}");

    private protected override int StopSignal => Signals.SigTerm;

    public static async Task<RedisServer> StartAsync(RedisServerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var port = options.Port == 0 ? FreePort.Next() : options.Port;
        var server = new RedisServer(options, port, logger ?? NullLogger.Instance);
        await server.StartAsync(cancellationToken);
        return server;
    }

    private protected override Task<ProcessStartInfo> PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        return Task.FromResult(Command());
    }

    private ProcessStartInfo Command()
    {
        // The password goes in a file only its owner can read: on the command line any user's ps would show it.
        var configFile = Path.Combine(_options.DataDirectory, "redis.conf");
        File.WriteAllText(configFile, $"requirepass \"{_options.Password}\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new ProcessStartInfo(_binary)
        {
            WorkingDirectory = _options.DataDirectory,
            ArgumentList =
            {
                configFile,
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", Host,
                "--dir", Path.GetFullPath(_options.DataDirectory),
                "--daemonize", "no", "--logfile", "", "--save", "",
                "--appendonly", _options.Persistent ? "yes" : "no",
            },
        };
    }

    /// <summary>AUTH and PING in the Redis protocol: ready once both are answered.</summary>
    private protected override async Task<bool> AnswersAsync(CancellationToken cancellationToken)
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
}
