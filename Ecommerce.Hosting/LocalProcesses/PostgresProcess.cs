using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Npgsql;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>What running PostgreSQL from its binaries takes: initdb once, the server's arguments, and bringing a data folder in line with the app model.</summary>
internal static class PostgresProcess
{
    /// <summary>
    /// Aspire's container starts with POSTGRES_HOST_AUTH_METHOD=scram-sha-256: TCP clients need the password.
    /// The Unix socket, in a folder only the server's user can enter, is trusted for the AppHost's own administration.
    /// </summary>
    public static async Task InitialiseAsync(PostgresProcessResource process, string userName, string password, CancellationToken cancellationToken)
    {
        CreatePrivateFolder(process.SocketDirectory);
        await PostgresSystemUser.GiveAsync([process.SocketDirectory], cancellationToken);
        if (File.Exists(Path.Combine(process.DataDirectory, "PG_VERSION")))
        {
            return;
        }

        CreatePrivateFolder(process.DataDirectory);
        PostgresSystemUser.EnsureCanReach(process.DataDirectory, "keep the AppHost's data elsewhere (LocalProcesses:DataDirectory)");
        var passwordFolder = Directory.CreateTempSubdirectory("ecommerce-pgpass-").FullName;
        var passwordFile = Path.Combine(passwordFolder, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            await PostgresSystemUser.GiveAsync([process.DataDirectory, passwordFolder], cancellationToken);
            var initdb = new ProcessStartInfo(Path.Combine(PostgresBinaries.FindBinDirectory(null), "initdb"))
            {
                WorkingDirectory = process.DataDirectory,
                ArgumentList =
                {
                    "-D", process.DataDirectory, "-U", userName, "--pwfile", passwordFile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions",
                },
            };
            if (!process.KeepsData)
            {
                initdb.ArgumentList.Add("--no-sync");
            }

            await ManagedProcess.RunToCompletionAsync("initdb", initdb, PostgresSystemUser.RunAs, cancellationToken: cancellationToken);
        }
        finally
        {
            Directory.Delete(passwordFolder, recursive: true);
        }
    }

    public static IEnumerable<string> Arguments(PostgresProcessResource process)
    {
        if (PostgresSystemUser.IsUsed)
        {
            // setpriv execs in place: the process DCP watches and stops is the postmaster itself.
            yield return $"--reuid={PostgresSystemUser.Name}";
            yield return $"--regid={PostgresSystemUser.Name}";
            yield return "--init-groups";
            yield return "--";
            yield return Path.Combine(PostgresBinaries.FindBinDirectory(null), "postgres");
        }

        yield return "-D";
        yield return process.DataDirectory;
        yield return "-p";
        yield return process.Port.ToString(CultureInfo.InvariantCulture);
        yield return "-c";
        yield return "listen_addresses=127.0.0.1";
        yield return "-c";
        yield return $"unix_socket_directories={process.SocketDirectory}";
        if (!process.KeepsData)
        {
            // A run without a data volume throws its data away: durability would only cost time.
            yield return "-c";
            yield return "fsync=off";
            yield return "-c";
            yield return "synchronous_commit=off";
        }
    }

    /// <summary>
    /// A data folder kept from an earlier run may hold another password (a generated one is new when user secrets
    /// were reset, or in tests): the app model's password wins. Then every database of the app model is created.
    /// </summary>
    public static async Task PrepareDatabasesAsync(PostgresProcessResource process, string userName, string password, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(process.SocketConnectionString(userName));
        await connection.OpenAsync(cancellationToken);

        // ALTER ROLE takes no parameters; the password is passed as a literal, quoted by PostgreSQL's quote_literal.
        await using (var quote = new NpgsqlCommand("SELECT quote_ident($1), quote_literal($2)", connection))
        {
            quote.Parameters.Add(new() { Value = userName });
            quote.Parameters.Add(new() { Value = password });
            await using var reader = await quote.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (role, literal) = (reader.GetString(0), reader.GetString(1));
            await reader.CloseAsync();
            await using var alter = new NpgsqlCommand($"ALTER ROLE {role} PASSWORD {literal}", connection);
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var databaseName in process.Server.Databases.Values)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new() { Value = databaseName });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                continue;
            }

            await using var quote = new NpgsqlCommand("SELECT quote_ident($1)", connection);
            quote.Parameters.Add(new() { Value = databaseName });
            var identifier = (string)(await quote.ExecuteScalarAsync(cancellationToken))!;
            await using var create = new NpgsqlCommand($"CREATE DATABASE {identifier}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
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
