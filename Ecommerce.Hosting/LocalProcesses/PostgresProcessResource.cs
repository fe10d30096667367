using Aspire.Hosting.ApplicationModel;
using Npgsql;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// Aspire's <see cref="PostgresServerResource"/> run from the local PostgreSQL binaries: the same user, generated
/// password and connection string. As root, the server runs as the 'postgres' system user (it refuses root).
/// </summary>
public sealed class PostgresProcessResource(PostgresServerResource server)
    : LocalServerResource(server, "postgres")
{
    public PostgresServerResource Server { get; } = server;

    /// <summary>Holds the server's Unix socket: a short private path (socket paths are limited to about 100 bytes).</summary>
    public string SocketDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ecommerce-pg-{Guid.NewGuid():N}"[..24]);

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={Server.UserNameReference};Password={Server.PasswordParameter}");

    /// <summary>
    /// The administrator's connection through the Unix socket, which only the server's own user (and root) can
    /// reach, and which is trusted: the AppHost uses it to bring the password in line with the app model's.
    /// </summary>
    internal string SocketConnectionString(string userName) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory,
        Port = Port,
        Username = userName,
        Database = "postgres",
        Pooling = false,
        Timeout = 3,
    }.ConnectionString;

    /// <summary>PostgreSQL writes "ready" in its pid file once it takes connections: one tried earlier is a FATAL line in its log.</summary>
    internal bool IsReady() => File.Exists(PidFile) && File.ReadLines(PidFile).ElementAtOrDefault(7)?.Trim() == "ready";

    private string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    internal override string Package => "postgresql";

    internal override bool IsInstalled() => PostgresBinaries.Exist();

    internal override string FindCommand() =>
        PostgresSystemUser.IsUsed ? "/usr/bin/setpriv" : Path.Combine(PostgresBinaries.FindBinDirectory(), "postgres");
}
