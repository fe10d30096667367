namespace Ecommerce.Hosting.Local;

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

    /// <summary>Receives every line the server writes (for the AppHost's console and dashboard).</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>Run the server as a container of this runtime instead of from local binaries.</summary>
    public ContainerRuntime? Container { get; init; }

    /// <summary>With <see cref="Container"/>: the named volume that keeps the data, or null for none.</summary>
    public string? ContainerVolume { get; init; }
}
