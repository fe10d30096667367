namespace Ecommerce.AppHost.Tests;

/// <summary>Where the AppHost project is and where its build put the AppHost, in this test run's configuration.</summary>
internal static class AppHostProject
{
    /// <summary>The project's folder (Aspire's generated metadata names the folder or, in some versions, the project file).</summary>
    public static string Directory { get; } = System.IO.Directory.Exists(Projects.Ecommerce_AppHost.ProjectPath)
        ? Projects.Ecommerce_AppHost.ProjectPath
        : Path.GetDirectoryName(Projects.Ecommerce_AppHost.ProjectPath)!;

    public static string OutputDirectory { get; } = Path.Combine(Directory, "bin", Configuration(), "net10.0");

    /// <summary>This assembly runs from bin/{configuration}/net10.0/, and the AppHost was built in the same one.</summary>
    private static string Configuration() =>
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
}
