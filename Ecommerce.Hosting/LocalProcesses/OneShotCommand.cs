using System.Diagnostics;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// A command that runs to its end before a server starts (initdb, chown, apt-get). DCP runs, watches and stops the
/// servers themselves; these commands are awaited, so none of them outlives its caller.
/// </summary>
internal static class OneShotCommand
{
    /// <summary>Runs <paramref name="startInfo"/>; a non-zero exit is a <see cref="HostingException"/> with its last lines of output.</summary>
    public static async Task RunAsync(string name, ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        using var process = Process.Start(startInfo) ?? throw new HostingException($"{name} ('{startInfo.FileName}') did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var lastLines = $"{await output}\n{await error}".Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20);
            throw new HostingException($"{name} failed with exit code {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, lastLines)}");
        }
    }
}
