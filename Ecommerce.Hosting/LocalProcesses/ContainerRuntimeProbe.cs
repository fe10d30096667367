using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// Whether the container runtime Aspire would use has an engine that answers. The client alone is not enough:
/// a machine may have the docker command and no daemon, and Aspire then refuses to start at all.
/// </summary>
internal static class ContainerRuntimeProbe
{
    /// <summary>Aspire's own setting for choosing the runtime (docker unless it says podman).</summary>
    private static readonly string[] RuntimeSettings = ["ASPIRE_CONTAINER_RUNTIME", "DOTNET_ASPIRE_CONTAINER_RUNTIME"];

    public static string RuntimeName(IConfiguration configuration) =>
        RuntimeSettings.Select(setting => configuration[setting]).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)) ?? "docker";

    public static async Task<bool> AnswersAsync(string runtime, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            // The command does not exist.
            return false;
        }
    }
}
