using System.Globalization;
using Npgsql;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>What running PostgreSQL from its binaries takes: initdb once, the server's arguments, and bringing a data folder in line with the app model.</summary>
public static class PostgresProcess
{
    /// <summary>
    /// Aspire's container starts with POSTGRES_HOST_AUTH_METHOD=scram-sha-256: TCP clients need the password.
    /// The Unix socket, in a folder only the server's user can enter, is trusted for the AppHost's own administration.
    /// </summary>
    internal static async Task InitialiseAsync(PostgresProcessResource process, string userName, string password, CancellationToken cancellationToken)
    {
        CreatePrivateFolder(process.SocketDirectory);
        await PostgresSystemUser.GiveAsync([process.SocketDirectory], cancellationToken);
        await InitialiseDataDirectoryAsync(process.DataDirectory, userName, password, durable: process.KeepsData, cancellationToken);
    }

    /// <summary>Runs initdb in <paramref name="dataDirectory"/> unless it holds a cluster already; without durability, initdb skips its fsyncs.</summary>
    public static async Task InitialiseDataDirectoryAsync(string dataDirectory, string userName, string password, bool durable, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        CreatePrivateFolder(dataDirectory);
        PostgresSystemUser.EnsureCanReach(dataDirectory, "keep the data elsewhere (LocalRun:DataDirectory)");
        var passwordFolder = Directory.CreateTempSubdirectory("ecommerce-pgpass-").FullName;
        var passwordFile = Path.Combine(passwordFolder, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            await PostgresSystemUser.GiveAsync([dataDirectory, passwordFolder], cancellationToken);
            string[] arguments =
            [
                "-D", dataDirectory, "-U", userName, "--pwfile", passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions",
                .. durable ? Array.Empty<string>() : ["--no-sync"],
            ];
            var initdb = PostgresSystemUser.Command(Path.Combine(PostgresBinaries.FindBinDirectory(), "initdb"), arguments, dataDirectory);
            await OneShotCommand.RunAsync("initdb", initdb, cancellationToken);
        }
        finally
        {
            Directory.Delete(passwordFolder, recursive: true);
        }
    }

    internal static IEnumerable<string> Arguments(PostgresProcessResource process) =>
    [
        // setpriv execs in place: the process DCP watches and stops is the postmaster itself.
        .. PostgresSystemUser.IsUsed ? [.. PostgresSystemUser.SetPrivArguments, Path.Combine(PostgresBinaries.FindBinDirectory(), "postgres")] : Array.Empty<string>(),
        "-D", process.DataDirectory,
        "-p", process.Port.ToString(CultureInfo.InvariantCulture),
        "-c", "listen_addresses=127.0.0.1",
        "-c", $"unix_socket_directories={process.SocketDirectory}",
        // A run without a data volume throws its data away: durability would only cost time.
        .. process.KeepsData ? Array.Empty<string>() : ["-c", "fsync=off", "-c", "synchronous_commit=off"],
    ];

    /// <summary>
    /// A data folder kept from an earlier run may hold another password (a generated one is new when user secrets
    /// were reset, or in tests): the app model's password wins. Then every database of the app model is created.
    /// </summary>
    internal static async Task PrepareDatabasesAsync(PostgresProcessResource process, string userName, string password, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(process.SocketConnectionString(userName));
        await connection.OpenAsync(cancellationToken);
        var quote = new NpgsqlCommandBuilder();

        // ALTER ROLE takes no parameters: the password is a literal (standard_conforming_strings: only quotes are doubled).
        await using (var alter = new NpgsqlCommand($"ALTER ROLE {quote.QuoteIdentifier(userName)} PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'", connection))
        {
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var databaseName in process.Server.Databases.Values)
        {
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quote.QuoteIdentifier(databaseName)}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Kept from an earlier run.
            }
        }
    }

    private static void CreatePrivateFolder(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            // PostgreSQL refuses a data folder that others can read.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
