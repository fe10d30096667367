using System.Diagnostics;
using Ecommerce.Hosting.LocalProcesses;

namespace Ecommerce.Hosting.Tests;

public class ChildProcessLauncherTests
{
    [Fact]
    public void The_death_signal_is_set_after_the_change_of_user_which_would_clear_it()
    {
        var wrapped = ChildProcessLauncher.Wrap(new ProcessStartInfo("/usr/bin/postgres") { ArgumentList = { "-D", "/data" } }, "postgres");

        Assert.Equal("/usr/bin/setpriv", wrapped.FileName);
        var arguments = wrapped.ArgumentList.ToList();
        if (Environment.IsPrivilegedProcess)
        {
            Assert.True(arguments.IndexOf("--reuid=postgres") < arguments.IndexOf("--pdeathsig"));
        }

        Assert.Equal(["--pdeathsig", "SIGKILL", "--", "/usr/bin/postgres", "-D", "/data"], arguments[^6..]);
    }

    [Fact]
    public async Task A_started_process_is_the_program_itself_and_stops_on_a_signal()
    {
        await using var process = ManagedProcess.Start("sleep", new ProcessStartInfo("sleep") { ArgumentList = { "300" } },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        // setpriv replaces itself with the program (exec), so the pid we hold becomes the program's within moments.
        Assert.True(await Ecommerce.TestSupport.Eventually.TrueWithinAsync(TimeSpan.FromSeconds(5), async () =>
            (await File.ReadAllTextAsync($"/proc/{process.Id}/cmdline")).StartsWith("sleep\0", StringComparison.Ordinal)));
        await process.StopAsync(15, TimeSpan.FromSeconds(5));

        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task Output_is_captured_line_by_line_from_the_first_line()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();

        await using var process = ManagedProcess.Start("echo", new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "echo one; echo two >&2" } },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, onOutput: lines.Enqueue);
        await process.WaitForExitAsync(CancellationToken.None);
        await Task.Delay(100);

        Assert.Equal(["one", "two"], lines.Order());
    }
}
