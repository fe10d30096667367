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

    /// <summary>The user to start PostgreSQL's programs as, or null for the current one.</summary>
    public static string? RunAs => IsUsed ? Name : null;

    public static async Task GiveAsync(string[] paths, CancellationToken cancellationToken)
    {
        if (!IsUsed)
        {
            return;
        }

        var chown = new ProcessStartInfo("chown") { ArgumentList = { "-R", $"{Name}:{Name}" } };
        foreach (var path in paths)
        {
            chown.ArgumentList.Add(path);
        }

        await ManagedProcess.RunToCompletionAsync("chown", chown, cancellationToken: cancellationToken);
    }

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
