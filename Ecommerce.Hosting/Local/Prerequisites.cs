using System.Diagnostics;
using Ecommerce.Hosting.Model;

namespace Ecommerce.Hosting.Local;

/// <summary>
/// The programs the local run needs (PostgreSQL's server, redis-server). On Debian, as root, missing ones are
/// installed with apt-get, so that one command brings the platform up on a fresh machine; anywhere else the
/// error says exactly what to install.
/// </summary>
internal static class Prerequisites
{
    public static async Task EnsureAsync(ApplicationModel model, Action<string> progress, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        if (model.Resources.OfType<PostgresServerResource>().Any() && !PostgresBinaries.Exist())
        {
            missing.Add("postgresql");
        }

        if (model.Resources.OfType<RedisResource>().Any() && RedisServer.FindBinaryOrNull() is null)
        {
            missing.Add("redis-server");
        }

        if (missing.Count == 0)
        {
            return;
        }

        var packages = string.Join(' ', missing);
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get"))
        {
            throw new HostingException($"The platform needs {packages}, which is not installed. Install it (Debian: sudo apt-get install -y {packages}) and run again.");
        }

        progress($"installing {packages} with apt-get (once)");
        await RunAsync(["update", "-qq"], cancellationToken);
        await RunAsync(["install", "-y", "-qq", .. missing], cancellationToken);
    }

    private static Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("/usr/bin/apt-get");
        startInfo.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return ManagedProcess.RunToCompletionAsync("apt-get", startInfo, cancellationToken: cancellationToken);
    }
}
