namespace Ecommerce.Hosting.LocalProcesses;

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
