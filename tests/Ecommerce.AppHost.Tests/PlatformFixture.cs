using Aspire.Hosting.ApplicationModel;
using Ecommerce.TestSupport.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// The whole platform as the AppHost declares it, started by Aspire.Hosting.Testing (DCP, the dashboard, Postgres
/// and Redis as local processes where no container runtime answers) on free ports, with its data volume in a
/// throwaway folder, once for the tests that share it.
/// </summary>
public sealed partial class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = ServerFolders.CreateTemporary("ecommerce-apphost-data-");

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The dashboard's address, and the one with the login token that a person copies from the console.</summary>
    public Uri DashboardUrl { get; private set; } = null!;

    public Uri DashboardLoginUrl { get; private set; } = null!;

    public DashboardTelemetry Telemetry { get; private set; } = null!;

    /// <summary>What the resources logged as an error while the platform started on an empty data folder.</summary>
    public IReadOnlyList<string> StartupErrors { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        App = await StartAsync(_dataDirectory, withDashboard: true, timeout.Token);
        DashboardLoginUrl = await App.GetDashboardUrlAsync(timeout.Token);
        DashboardUrl = new Uri(DashboardLoginUrl.GetLeftPart(UriPartial.Authority));
        Gateway = App.CreateHttpClient("gateway");
        Gateway.Timeout = TimeSpan.FromSeconds(30);
        Telemetry = await DashboardTelemetry.ConnectAsync(DashboardLoginUrl);
        // The services send their logs in batches, a second apart: a few seconds after start, all of the start is in.
        await Task.Delay(TimeSpan.FromSeconds(5), timeout.Token);
        StartupErrors = await ErrorsLoggedAsync();
    }

    /// <summary>
    /// Structured logs at Error or above, and console lines that say error: .NET's console logger's "fail:" and "crit:",
    /// PostgreSQL's ERROR, FATAL and PANIC.
    /// </summary>
    private async Task<IReadOnlyList<string>> ErrorsLoggedAsync()
    {
        var structured = (await Telemetry.LogsAsync()).Where(log => log.Severity is "Error" or "Critical")
            .Select(log => $"{log.Service} {log.Category}: {log.Message}");
        var console = new List<string>();
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            await foreach (var batch in logs.GetAllAsync(resource))
            {
                console.AddRange(batch.Where(line => ConsoleError().IsMatch(line.Content)).Select(line => $"{resource.Name}: {line.Content}"));
            }
        }

        return [.. structured, .. console];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(fail|crit): |\b(ERROR|FATAL|PANIC): ")]
    private static partial System.Text.RegularExpressions.Regex ConsoleError();

    /// <summary>
    /// Starts the AppHost's own model on free ports with its data volume in <paramref name="dataDirectory"/>, and waits
    /// until the gateway is healthy. With the dashboard, in Aspire's dashboard testing mode (random loopback ports,
    /// a generated browser token). <paramref name="configure"/> may change the model first (a resource's settings).
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(
        string dataDirectory, bool withDashboard, CancellationToken cancellationToken, Action<IDistributedApplicationTestingBuilder>? configure = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ecommerce_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = withDashboard },
            [$"LocalRun:DataDirectory={dataDirectory}"], cancellationToken);
        configure?.Invoke(builder);
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cancellationToken);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        Telemetry?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }
}

/// <summary>The tests that share one running platform (it takes seconds to start), run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPlatform : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
