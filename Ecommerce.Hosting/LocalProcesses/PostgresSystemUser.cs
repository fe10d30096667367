using System.Diagnostics;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// PostgreSQL refuses to run as root: a process running as root runs it as the 'postgres' system user instead, which
/// must own the server's folders and be able to walk down to them.
/// </summary>
public static class PostgresSystemUser
{
    public const string Name = "postgres";

    /// <summary>True when the server runs as <see cref="Name"/> rather than as the current user.</summary>
    public static bool IsUsed => Environment.IsPrivilegedProcess;

    /// <summary>
    /// The command line that runs <paramref name="program"/> as <see cref="Name"/> when <see cref="IsUsed"/>. setpriv
    /// execs in place, so the process started is the program itself: a signal sent to it reaches the program.
    /// </summary>
    public static ProcessStartInfo Command(string program, IEnumerable<string> arguments, string workingDirectory) =>
        new(IsUsed ? "/usr/bin/setpriv" : program, IsUsed ? [.. SetPrivArguments, program, .. arguments] : arguments) { WorkingDirectory = workingDirectory };

    /// <summary>What goes between setpriv and the program it runs as <see cref="Name"/>.</summary>
    public static IEnumerable<string> SetPrivArguments => [$"--reuid={Name}", $"--regid={Name}", "--init-groups", "--"];

    public static Task GiveAsync(string[] paths, CancellationToken cancellationToken) => IsUsed
        ? OneShotCommand.RunAsync("chown", new ProcessStartInfo("chown", ["-R", $"{Name}:{Name}", .. paths]), cancellationToken)
        : Task.CompletedTask;

    /// <param name="dataDirectory">The folder the server keeps its data in.</param>
    /// <param name="elsewhere">What to do instead of opening up the folder, said after the chmod remedy.</param>
    public static void EnsureCanReach(string dataDirectory, string elsewhere)
    {
        if (!IsUsed)
        {
            return;
        }

        for (var folder = Directory.GetParent(Path.GetFullPath(dataDirectory)); folder is not null; folder = folder.Parent)
        {
            if (!folder.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                throw new HostingException(
                    $"PostgreSQL runs as the '{Name}' user, which cannot enter '{folder.FullName}'. " +
                    $"Allow it (chmod o+x '{folder.FullName}'), or {elsewhere}.");
            }
        }
    }
}
