using System.Runtime.InteropServices;
using Ecommerce.Hosting.Local;
using Ecommerce.Hosting.Model;
using Microsoft.Extensions.Configuration;

namespace Ecommerce.Hosting;

/// <summary>The built app model and its run: <c>DistributedApplication.CreateBuilder(args)</c> … <c>Build().Run()</c>.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly LocalRunner _runner;
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal DistributedApplication(ApplicationModel model, AppHostOptions options)
    {
        Model = model;
        _runner = new LocalRunner(model, options);
    }

    public ApplicationModel Model { get; }

    /// <summary>Completes when the run has ended and every resource is stopped.</summary>
    internal Task Completion => _completed.Task;

    /// <summary>Every resource's output, as the console shows it.</summary>
    public ResourceLogs Logs => _runner.Logs;

    public static DistributedApplicationBuilder CreateBuilder(string[] args) =>
        new(args, DistributedApplicationTesting.CurrentOptions ?? OptionsFrom(args));

    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Starts every resource, then runs until Ctrl+C, SIGTERM or <see cref="StopAsync"/>, then stops them all.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopRequested.Token);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            await _runner.StartAsync(stopping.Token);
            DistributedApplicationTesting.Started(this);
            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"{Environment.NewLine}Cannot start the platform: {ex.Message}{Environment.NewLine}");
            Environment.ExitCode = 1;
            DistributedApplicationTesting.Failed(ex);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            Console.Out.WriteLine("apphost     | stopping");
            await _runner.DisposeAsync();
            _completed.TrySetResult();
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>Stops every resource, in reverse order of starting, and waits until they are gone.</summary>
    public async Task StopAsync()
    {
        await _stopRequested.CancelAsync();
        await _completed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopRequested.Dispose();
    }

    /// <summary>The URL of a resource's endpoint (the first replica's).</summary>
    public Uri GetEndpoint(string resourceName, string endpointName = "http") =>
        _runner.Urls(Model.Resources.Single(r => r.Name == resourceName), endpointName)[0];

    public HttpClient CreateHttpClient(string resourceName) =>
        new() { BaseAddress = GetEndpoint(resourceName), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The environment a project was started with.</summary>
    public IReadOnlyDictionary<string, string> GetEnvironment(string projectName, int replica = 0) =>
        _runner.EnvironmentOf(Model.Get<ProjectResource>(projectName), replica);

    public IReadOnlyList<int> ProcessIds() => _runner.ProcessIds();

    private static AppHostOptions OptionsFrom(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build().GetSection("AppHost");
        return new AppHostOptions
        {
            RandomizePorts = configuration.GetValue<bool>("RandomizePorts"),
            DataDirectory = configuration["DataDirectory"],
        };
    }
}
