using System.Diagnostics;
using System.Reflection;
using Ecommerce.Hosting;
using Ecommerce.Hosting.Local;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests;

/// <summary>No process outlives the AppHost: not when it stops, not when it is killed.</summary>
/// <remarks>In the platform's collection only to run after it, not beside it: two platforms at once on two cores crowd each other.</remarks>
[Collection(SharedPlatform.Name)]
public class LifetimeTests
{
    [Fact]
    public async Task Stopping_the_app_leaves_no_process_behind()
    {
        var app = await DistributedApplicationTesting.StartAsync<Program>();
        var pids = app.ProcessIds();
        Assert.True(pids.Count >= 5, $"expected postgres, redis and three services, got {pids.Count} processes");
        Assert.All(pids, pid => Assert.True(Processes.IsAlive(pid)));

        await app.DisposeAsync();

        Assert.True(await Processes.AllGoneWithinAsync(pids, TimeSpan.FromSeconds(5)), "a process outlived the app");
    }

    [Fact]
    public async Task Data_in_a_data_volume_survives_a_restart_of_the_platform()
    {
        var data = ServerFolders.CreateTemporary("ecommerce-apphost-volume-");
        try
        {
            string productId;
            await using (var first = await DistributedApplicationTesting.StartAsync<Program>(data))
            {
                using var gateway = first.CreateHttpClient("gateway");
                productId = (await gateway.CreateProductAsync(stock: 7))["id"]!.GetValue<string>();
            }

            await using var second = await DistributedApplicationTesting.StartAsync<Program>(data);
            using var again = second.CreateHttpClient("gateway");

            Assert.Equal(7, await again.StockOfAsync(productId));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Killing_the_apphost_with_sigkill_takes_every_process_with_it()
    {
        var data = ServerFolders.CreateTemporary("ecommerce-apphost-kill-");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppHostAssembly(), "--AppHost:RandomizePorts=true", $"--AppHost:DataDirectory={data}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var apphost = Process.Start(startInfo)!;
        var ready = new TaskCompletionSource();
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        apphost.OutputDataReceived += (_, e) =>
        {
            output.Enqueue(e.Data ?? "");
            if (e.Data?.Contains("The platform is running", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        apphost.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();
        try
        {
            var started = await Task.WhenAny(ready.Task, apphost.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(started == ready.Task, $"The AppHost did not start:{Environment.NewLine}{string.Join(Environment.NewLine, output.TakeLast(40))}");
            var children = Processes.ChildrenOf(apphost.Id);
            Assert.True(children.Count >= 5, $"expected postgres, redis and three services under the AppHost, got {children.Count}");

            apphost.Kill();

            Assert.True(await Processes.AllGoneWithinAsync(children, TimeSpan.FromSeconds(10)), "a process outlived the killed AppHost");
        }
        finally
        {
            if (!apphost.HasExited)
            {
                apphost.Kill(entireProcessTree: true);
            }

            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The AppHost as built in its own folder, run the way 'dotnet run' runs it.</summary>
    private static string AppHostAssembly()
    {
        var projectDirectory = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AppHostProjectDirectory").Value!;
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        return Path.Combine(projectDirectory, "bin", configuration, "net10.0", "Ecommerce.AppHost.dll");
    }
}
