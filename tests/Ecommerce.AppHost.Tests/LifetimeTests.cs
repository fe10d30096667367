using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Servers;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// No process outlives the AppHost: Ctrl+C in a terminal (SIGINT to the whole foreground process group, through
/// 'dotnet run') and SIGTERM stop everything within 15 seconds; after a SIGKILL of the AppHost, DCP, which watches
/// it, removes everything within 15 seconds.
/// </summary>
/// <remarks>In the platform's collection only to run after it, not beside it: two platforms at once on two cores crowd each other.</remarks>
[Collection(SharedPlatform.Name)]
public class LifetimeTests
{
    /// <summary>The projects a run of the AppHost starts.</summary>
    private static readonly string[] Projects = ["Identity.Api", "Products.Api", "Carts.Api", "Orders.Api", "Ecommerce.Gateway", "Storefront"];

    /// <summary>What a run of the AppHost starts: itself, DCP, the dashboard, the servers and the projects.</summary>
    private static readonly string[] PlatformCommands = ["Ecommerce.AppHost", "/dcp ", "Aspire.Dashboard", "postgres", "redis-server", .. Projects];

    /// <summary>
    /// How long a clean stop may take: the dashboard stops first, each service then gives its last telemetry up to 3 s
    /// (ServiceDefaults' export timeout), and DCP takes about 3 s to tear itself down after its last child. Measured with
    /// six projects: the last project gone after 7.1 s, DCP after 10.1 s.
    /// </summary>
    private static readonly TimeSpan CleanStop = TimeSpan.FromSeconds(15);

    [Fact]
    public Task Ctrl_c_in_a_terminal_running_dotnet_run_stops_everything_within_fifteen_seconds() =>
        StopAndExpectNothingLeftAsync(throughDotnetRun: true, signal: Signals.SigInt, toWholeGroup: true, CleanStop);

    [Fact]
    public Task Sigterm_stops_everything_within_fifteen_seconds() =>
        StopAndExpectNothingLeftAsync(throughDotnetRun: false, signal: Signals.SigTerm, toWholeGroup: false, CleanStop);

    [Fact]
    public Task Sigkill_of_the_apphost_leaves_no_process_within_fifteen_seconds() =>
        StopAndExpectNothingLeftAsync(throughDotnetRun: false, signal: 9, toWholeGroup: false, TimeSpan.FromSeconds(15));

    private static async Task StopAndExpectNothingLeftAsync(bool throughDotnetRun, int signal, bool toWholeGroup, TimeSpan limit)
    {
        var before = Processes.All().ToHashSet();
        var data = ServerFolders.CreateTemporary("ecommerce-apphost-lifetime-");
        using var apphost = AppHostProcess.Start(throughDotnetRun, data);
        try
        {
            var running = await Eventually.TrueWithinAsync(PlatformFixture.StartTimeout, () => Task.FromResult(
                apphost.Process.HasExited || ProjectsRunning(PlatformProcesses(before)) == Projects.Length));
            Assert.True(running && !apphost.Process.HasExited, $"The platform did not start:{Environment.NewLine}{apphost.LastOutput()}");
            var started = PlatformProcesses(before);

            Signals.Send(toWholeGroup ? -apphost.Process.Id : apphost.Process.Id, signal);

            Assert.True(await Processes.AllGoneWithinAsync(started, limit),
                $"Still running after {limit.TotalSeconds} s: {string.Join(", ", started.Where(Processes.IsAlive).Select(Processes.CommandLineOf))}");
        }
        finally
        {
            foreach (var pid in PlatformProcesses(before))
            {
                Signals.Send(pid, 9);
            }

            await Processes.AllGoneWithinAsync(PlatformProcesses(before), TimeSpan.FromSeconds(10));
            await ServerFolders.DeleteAsync(data);
        }
    }

    /// <remarks>
    /// A connection the shared platform (still running beside this test) opens meanwhile is a new PostgreSQL backend
    /// with a PostgreSQL title: it is that platform's, known by its parent, a postmaster that was there before.
    /// </remarks>
    private static List<int> PlatformProcesses(HashSet<int> before) =>
        Processes.All()
            .Where(pid => !before.Contains(pid) && Processes.IsAlive(pid))
            .Where(pid => Processes.ParentOf(pid) is var parent && !(before.Contains(parent) && Processes.CommandLineOf(parent).Contains("postgres", StringComparison.Ordinal)))
            .Where(pid => Processes.CommandLineOf(pid) is var command && PlatformCommands.Any(name => command.Contains(name, StringComparison.Ordinal)))
            .ToList();

    private static int ProjectsRunning(IEnumerable<int> pids) =>
        Projects.Count(project => pids.Any(pid => Processes.CommandLineOf(pid).Contains($"{project}.dll", StringComparison.Ordinal)
                                            || Processes.CommandLineOf(pid).Contains($"/{project} ", StringComparison.Ordinal)
                                            || Processes.CommandLineOf(pid).EndsWith($"/{project}", StringComparison.Ordinal)));
}
