namespace Ecommerce.Hosting.LocalProcesses;

public static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public static bool Exist()
    {
        try
        {
            FindBinDirectory(null);
            return true;
        }
        catch (HostingException)
        {
            return false;
        }
    }

    /// <summary>The newest server found: Debian's versioned folders first, then PATH.</summary>
    public static string FindBinDirectory(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(Path.Combine(configured, "postgres"))
                ? configured
                : throw new HostingException($"No 'postgres' binary in '{configured}'.");
        }

        if (Directory.Exists(DebianRoot))
        {
            var newest = Directory.GetDirectories(DebianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.version > 0 && File.Exists(Path.Combine(x.dir, "bin", "initdb")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
        return onPath ?? throw new HostingException(
            "PostgreSQL server binaries (initdb, postgres) were not found. Install them " +
            "(Debian: apt-get install -y postgresql), or run a container runtime (docker or podman) and Aspire runs PostgreSQL as a container.");
    }
}
