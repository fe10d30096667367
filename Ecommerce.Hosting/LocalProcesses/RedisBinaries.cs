namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>Where redis-server is: the run's Redis and the tests' servers start from the same binary.</summary>
public static class RedisBinaries
{
    public static string? FindServerOrNull() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

    public static string FindServer() => FindServerOrNull() ?? throw new HostingException(
        "redis-server was not found. Install it (Debian: apt-get install -y redis-server), or run a container runtime (docker or podman) and Aspire runs Redis as a container.");
}
