namespace Ecommerce.Hosting.Local;

/// <summary>Where a project's built assembly is, by the SDK's conventions, in the configuration the AppHost was built in.</summary>
internal static class ProjectBinaries
{
    public static string FindAssembly(string projectPath)
    {
        var projectDirectory = Path.GetDirectoryName(projectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(projectPath) + ".dll";
        var configuration = CurrentConfiguration();
        var candidates = Directory.Exists(Path.Combine(projectDirectory, "bin"))
            ? Directory.GetFiles(Path.Combine(projectDirectory, "bin"), assemblyName, SearchOption.AllDirectories)
                .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}publish{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderByDescending(path => path.Contains($"{Path.DirectorySeparatorChar}{configuration}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .ThenByDescending(File.GetLastWriteTimeUtc)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new HostingException(
            $"'{assemblyName}' is not built. Build the solution first: dotnet build {Path.GetFileName(projectPath)}");
    }

    /// <summary>Debug or Release: the parent of the folder holding this process's assemblies (bin/Debug/net10.0).</summary>
    public static string CurrentConfiguration() =>
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Debug";

    /// <summary>The dotnet host that runs this process, to run the projects with the same runtime.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
