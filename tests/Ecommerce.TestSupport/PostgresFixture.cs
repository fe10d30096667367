using Ecommerce.TestSupport.Servers;
using Xunit;

namespace Ecommerce.TestSupport;

/// <summary>
/// A throwaway PostgreSQL for a test assembly (or one test class that needs its own, to stop it),
/// started by the same launcher the AppHost uses and removed afterwards with its data.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _root = ServerFolders.CreateTemporary("ecommerce-pg-");

    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = Path.Combine(_root, "data"),
            Password = Guid.NewGuid().ToString("N"),
            Ephemeral = true,
        });
    }

    /// <summary>A new, empty database on the shared server: each test class gets its own.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await Server.EnsureDatabaseAsync(name);
        return Server.ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
