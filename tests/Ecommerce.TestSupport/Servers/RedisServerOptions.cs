namespace Ecommerce.TestSupport.Servers;

public sealed record RedisServerOptions
{
    /// <summary>Where redis-server may write (it persists nothing unless <see cref="Persistent"/>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    public required string Password { get; init; }

    /// <summary>Keeps data across restarts (append-only file) instead of memory only.</summary>
    public bool Persistent { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
