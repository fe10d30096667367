namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>Where the PostgreSQL server binaries are: the run's server, the tests' and the bench's pgbench use the same.</summary>
public static class PostgresBinaries
{
    public static bool Exist() => FindBinDirectoryOrNull() is not null;

    public static string FindBinDirectory() => FindBinDirectoryOrNull() ?? throw new HostingException(
        "PostgreSQL server binaries (initdb, postgres) were not found. Install them " +
        "(Debian or Ubuntu: apt-get install -y postgresql), or run a container runtime (docker or podman) and Aspire runs PostgreSQL as a container.");

    /// <summary>The newest server found: Debian's versioned folders first, then PATH.</summary>
    private static string? FindBinDirectoryOrNull()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out var version) ? version : -1)
                .Select(dir => Path.Combine(dir, "bin"))
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return debian.Concat(onPath).FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
    }
}
