using System.Diagnostics;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// The server programs a local run needs. On Debian, as root, missing ones are installed with apt-get, so that one
/// command brings the platform up on a fresh machine; anywhere else the message says exactly what to install.
/// </summary>
internal static class Prerequisites
{
    public static async Task EnsureAsync(IReadOnlyCollection<string> missingPackages, Action<string> progress, CancellationToken cancellationToken)
    {
        if (missingPackages.Count == 0)
        {
            return;
        }

        var packages = string.Join(' ', missingPackages);
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get"))
        {
            throw new HostingException(
                $"No container runtime answers, so the platform runs its servers from local binaries, and {packages} is not installed. " +
                $"Install it (Debian: sudo apt-get install -y {packages}), or start Docker or Podman so that Aspire runs containers instead.");
        }

        progress($"No container runtime answers: installing {packages} with apt-get to run the servers as local processes (once).");
        await RunAsync(["update", "-qq"], cancellationToken);
        await RunAsync(["install", "-y", "-qq", .. missingPackages], cancellationToken);
    }

    private static Task RunAsync(string[] arguments, CancellationToken cancellationToken) =>
        OneShotCommand.RunAsync("apt-get", new ProcessStartInfo("/usr/bin/apt-get", arguments) { Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } }, cancellationToken);
}
