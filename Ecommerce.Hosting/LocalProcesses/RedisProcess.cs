using System.Globalization;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.Redis;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>What running redis-server from its binary takes: a configuration file only its owner can read.</summary>
internal static class RedisProcess
{
    public static async Task WriteConfigurationAsync(RedisProcessResource process, string? password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(process.DataDirectory);
        var configuration = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port {process.Port}")
            .AppendLine("bind 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"dir {Quote(process.DataDirectory)}")
            .AppendLine("daemonize no")
            .AppendLine("logfile \"\"")
            // As Aspire's WithDataVolume does for the container: a snapshot every minute when anything changed.
            .AppendLine(process.KeepsData ? "save 60 1" : "save \"\"")
            .AppendLine(process.Redis.HasAnnotationOfType<RedisAppendOnlyFileAnnotation>() ? "appendonly yes" : "appendonly no");
        if (password is not null)
        {
            configuration.AppendLine(CultureInfo.InvariantCulture, $"requirepass {Quote(password)}");
        }

        await File.WriteAllTextAsync(process.ConfigFile, configuration.ToString(), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(process.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Quote(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
