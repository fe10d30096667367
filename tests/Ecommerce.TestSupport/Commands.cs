using System.Diagnostics;

namespace Ecommerce.TestSupport;

/// <summary>What a command printed, and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    /// <summary>The standard output of a command that succeeded; otherwise an exception with everything it printed.</summary>
    public string EnsureSuccess() => ExitCode == 0
        ? Output
        : throw new InvalidOperationException($"{Command} failed ({ExitCode}): {Error}{Output}");
}

/// <summary>Runs a command-line tool (kubectl, node, dotnet msbuild, wrk, pgbench…) to its end, with a bounded wait.</summary>
public static class Commands
{
    public static async Task<CommandResult> RunAsync(
        string command,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        string? input = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandResult(command, process.ExitCode, await output, await error);
    }
}
