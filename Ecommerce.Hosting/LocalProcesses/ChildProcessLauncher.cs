using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// Starts child processes that die with this process, even when it is killed with SIGKILL.
/// </summary>
/// <remarks>
/// Each child is wrapped in <c>setpriv --pdeathsig</c>. Linux delivers the parent-death signal when the
/// <em>thread</em> that forked the child exits, not the process, so every fork happens on one dedicated
/// thread that lives as long as the process: a thread-pool thread could retire and take the children with it.
/// </remarks>
public static class ChildProcessLauncher
{
    private const string SetPriv = "/usr/bin/setpriv";

    private static readonly BlockingCollection<Action> Work = StartForkThread();

    /// <summary>Starts <paramref name="startInfo"/> so that it receives SIGKILL when this process dies.</summary>
    /// <param name="runAsUser">A system user to run the child as (only when this process is root), or null.</param>
    public static Process Start(ProcessStartInfo startInfo, string? runAsUser = null)
    {
        var wrapped = Wrap(startInfo, runAsUser);
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                started.SetResult(Process.Start(wrapped) ?? throw new InvalidOperationException($"'{startInfo.FileName}' did not start."));
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        });
        return started.Task.GetAwaiter().GetResult();
    }

    /// <summary>The command line that <see cref="Start"/> runs, for logs and tests.</summary>
    public static ProcessStartInfo Wrap(ProcessStartInfo startInfo, string? runAsUser)
    {
        if (!File.Exists(SetPriv))
        {
            throw new HostingException($"'{SetPriv}' was not found; it comes with util-linux (apt-get install -y util-linux).");
        }

        var wrapped = new ProcessStartInfo(SetPriv)
        {
            WorkingDirectory = startInfo.WorkingDirectory,
            RedirectStandardOutput = startInfo.RedirectStandardOutput,
            RedirectStandardError = startInfo.RedirectStandardError,
            RedirectStandardInput = startInfo.RedirectStandardInput,
            UseShellExecute = false,
        };
        foreach (var (key, value) in startInfo.Environment)
        {
            wrapped.Environment[key] = value;
        }

        if (runAsUser is not null && Environment.IsPrivilegedProcess)
        {
            // Credentials change before the death signal is set: a change of user clears it.
            wrapped.ArgumentList.Add($"--reuid={runAsUser}");
            wrapped.ArgumentList.Add($"--regid={runAsUser}");
            wrapped.ArgumentList.Add("--init-groups");
        }

        wrapped.ArgumentList.Add("--pdeathsig");
        wrapped.ArgumentList.Add("SIGKILL");
        wrapped.ArgumentList.Add("--");
        wrapped.ArgumentList.Add(startInfo.FileName);
        foreach (var argument in startInfo.ArgumentList)
        {
            wrapped.ArgumentList.Add(argument);
        }

        return wrapped;
    }

    private static BlockingCollection<Action> StartForkThread()
    {
        var work = new BlockingCollection<Action>();
        var thread = new Thread(() =>
        {
            foreach (var action in work.GetConsumingEnumerable())
            {
                action();
            }
        })
        {
            IsBackground = true,
            Name = "child-process-launcher",
        };
        thread.Start();
        return work;
    }
}
