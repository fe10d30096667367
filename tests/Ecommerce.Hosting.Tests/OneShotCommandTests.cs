using System.Diagnostics;
using Ecommerce.Hosting.LocalProcesses;
using Ecommerce.TestSupport;

namespace Ecommerce.Hosting.Tests;

public class OneShotCommandTests
{
    [Fact]
    public async Task A_command_that_fails_is_reported_with_its_last_lines_of_output()
    {
        var failing = new ProcessStartInfo("/bin/sh", ["-c", "for i in $(seq 1 30); do echo line $i; done; echo broken >&2; exit 3"]);

        var error = await Assert.ThrowsAsync<HostingException>(() => OneShotCommand.RunAsync("sh", failing, CancellationToken.None));

        Assert.Contains("sh failed with exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 30", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1\n", error.Message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_succeeds_returns()
    {
        await OneShotCommand.RunAsync("true", new ProcessStartInfo("true"), CancellationToken.None);
    }

    [Fact]
    public async Task Cancelling_kills_the_command()
    {
        // A duration no other process has, to find this one by its command line.
        var marker = $"3000.{Random.Shared.Next(100_000, 999_999)}";
        using var cancel = new CancellationTokenSource();
        var running = OneShotCommand.RunAsync("sleep", new ProcessStartInfo("sleep", [marker]), cancel.Token);
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(SleepersWith(marker) > 0)));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(SleepersWith(marker) == 0)));
    }

    private static int SleepersWith(string marker) =>
        Directory.GetDirectories("/proc")
            .Select(folder => Path.Combine(folder, "cmdline"))
            .Count(cmdline =>
            {
                try
                {
                    return File.ReadAllText(cmdline).Contains(marker, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            });
}
