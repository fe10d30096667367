namespace Ecommerce.TestSupport.Servers;

public sealed record PostgresServerOptions
{
    /// <summary>Where the cluster lives; initialised on first start, reused afterwards.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    public required string Password { get; init; }

    /// <summary>Trades durability for speed (no fsync): for tests and throwaway data only.</summary>
    public bool Ephemeral { get; init; }

    public int MaxConnections { get; init; } = 200;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
