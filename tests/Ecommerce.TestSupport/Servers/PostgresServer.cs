using System.Diagnostics;
using System.Text.RegularExpressions;
using Ecommerce.Hosting.LocalProcesses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ecommerce.TestSupport.Servers;

/// <summary>
/// A PostgreSQL server run from the local binaries on a loopback port, in a data folder it owns.
/// Postgres refuses to run as root, so as root it runs as the 'postgres' system user.
/// </summary>
public sealed partial class PostgresServer : LocalServer
{
    private const string SuperUser = "postgres";

    private readonly PostgresServerOptions _options;
    private readonly string _binDirectory;

    private PostgresServer(PostgresServerOptions options, int port, ILogger logger)
        : base("postgres", port, options.StartTimeout, logger)
    {
        _options = options;
        _binDirectory = PostgresBinaries.FindBinDirectory();
    }

    public string Password => _options.Password;

    /// <summary>SIGINT is PostgreSQL's fast shutdown: open sessions are ended, committed data is kept.</summary>
    private protected override int StopSignal => Signals.SigInt;

    /// <summary>The server's connection string, in the form Aspire gives it (no database).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = SuperUser,
        Password = Password,
    }.ConnectionString;

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Initialises the data folder if needed, starts the server and waits until it accepts connections.</summary>
    public static async Task<PostgresServer> StartAsync(
        PostgresServerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var port = options.Port == 0 ? FreePort.Next() : options.Port;
        var server = new PostgresServer(options, port, logger ?? NullLogger.Instance);
        await server.StartAsync(cancellationToken);
        return server;
    }

    private protected override async Task<ProcessStartInfo> PrepareAsync(CancellationToken cancellationToken)
    {
        await PostgresProcess.InitialiseDataDirectoryAsync(DataDirectory, SuperUser, Password, durable: !_options.Ephemeral, cancellationToken);
        return ServerCommand();
    }

    private protected override async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 2 }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return true;
    }

    private protected override void BeforeStop() => NpgsqlConnection.ClearAllPools();

    /// <summary>Creates <paramref name="database"/> unless it exists.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        if (!DatabaseName().IsMatch(database))
        {
            throw new ArgumentException($"'{database}' is not a plain database name (lowercase letters, digits, '_').", nameof(database));
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private string DataDirectory => Path.GetFullPath(_options.DataDirectory);

    private ProcessStartInfo ServerCommand()
    {
        List<string> arguments =
        [
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={DataDirectory}",
            "-c", $"max_connections={_options.MaxConnections}",
        ];
        if (_options.Ephemeral)
        {
            foreach (var setting in new[] { "fsync=off", "synchronous_commit=off", "full_page_writes=off" })
            {
                arguments.AddRange(["-c", setting]);
            }
        }

        return PostgresSystemUser.Command(Path.Combine(_binDirectory, "postgres"), arguments, DataDirectory);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
