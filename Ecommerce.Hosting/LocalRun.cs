using Microsoft.Extensions.Configuration;

namespace Ecommerce.Hosting;

/// <summary>Where a local run keeps what must outlive it: data volumes run as folders, the identity provider's keys.</summary>
public static class LocalRun
{
    /// <summary>Configuration key for that folder; the AppHost's <c>.data/</c> when not set (tests set one of their own).</summary>
    public const string DataDirectorySetting = "LocalRun:DataDirectory";

    public static string DataDirectory(IConfiguration configuration, string appHostDirectory) =>
        configuration[DataDirectorySetting] ?? Path.Combine(appHostDirectory, ".data");
}
