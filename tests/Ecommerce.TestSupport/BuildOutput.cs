namespace Ecommerce.TestSupport;

/// <summary>Where the running program was built: the repository it is in, and the configuration it was built in.</summary>
public static class BuildOutput
{
    public static string Repository { get; } = FindRepository();

    /// <summary>"Release" or "Debug": the services a program starts as processes were built with it, in the same configuration.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ecommerce.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"{AppContext.BaseDirectory} is not inside the repository.");
    }
}
