using Ecommerce.Hosting.Local;

namespace Ecommerce.Hosting;

/// <summary>
/// Starts an AppHost's own Program (the model it declares, not a copy) for a test, as Aspire.Hosting.Testing
/// does: on free ports, with a throwaway data folder, its output kept in memory. Returns once every resource
/// is healthy; disposing the application stops it all.
/// </summary>
public static class DistributedApplicationTesting
{
    private static readonly AsyncLocal<TestRun?> Current = new();

    internal static AppHostOptions? CurrentOptions => Current.Value?.Options;

    /// <param name="dataDirectory">
    /// Where resources with a data volume keep their data; a throwaway folder, removed after the run, when null.
    /// Pass the same folder to two runs to see data survive a restart.
    /// </param>
    public static async Task<DistributedApplication> StartAsync<TEntryPoint>(string? dataDirectory = null, TimeSpan? timeout = null)
        where TEntryPoint : class
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        var throwaway = dataDirectory is null;
        dataDirectory ??= ServerFolders.CreateTemporary("ecommerce-apphost-test-");
        var run = new TestRun(dataDirectory);
        Current.Value = run;
        var main = Task.Run(() => entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]));
        try
        {
            var first = await Task.WhenAny(run.Started.Task, main).WaitAsync(timeout ?? TimeSpan.FromMinutes(4));
            if (first == main)
            {
                await main;
                throw new InvalidOperationException("The AppHost returned without starting.");
            }

            var app = await run.Started.Task;
            if (throwaway)
            {
                _ = app.Completion.ContinueWith(_ => Directory.Delete(run.Options.DataDirectory!, recursive: true), TaskScheduler.Default);
            }

            return app;
        }
        finally
        {
            Current.Value = null;
        }
    }

    internal static void Started(DistributedApplication app) => Current.Value?.Started.TrySetResult(app);

    internal static void Failed(Exception exception) => Current.Value?.Started.TrySetException(exception);

    private sealed class TestRun(string dataDirectory)
    {
        public AppHostOptions Options { get; } = new() { RandomizePorts = true, DataDirectory = dataDirectory, WriteConsole = false };

        public TaskCompletionSource<DistributedApplication> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
