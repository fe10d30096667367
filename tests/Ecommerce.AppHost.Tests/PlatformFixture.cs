using Ecommerce.Hosting.LocalProcesses;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// The whole platform as the AppHost declares it, started by Aspire.Hosting.Testing (DCP, the dashboard, Postgres
/// and Redis as local processes where no container runtime answers) on free ports, with its data volume in a
/// throwaway folder, once for the tests that share it.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ecommerce-apphost-data-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The dashboard's address and the token that logs a browser in.</summary>
    public Uri DashboardUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    public string BrowserToken { get; } = Guid.NewGuid().ToString("N");

    public async ValueTask InitializeAsync()
    {
        // The postgres user must be able to walk into the data folder when the tests run as root.
        File.SetUnixFileMode(_dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ecommerce_AppHost>(
            [
                $"LocalProcesses:DataDirectory={_dataDirectory}",
                $"ASPNETCORE_URLS={DashboardUrl}",
                $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
                $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
                "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                $"AppHost:BrowserToken={BrowserToken}",
            ],
            (options, _) => options.DisableDashboard = false);
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        Gateway = App.CreateHttpClient("gateway");
        Gateway.Timeout = TimeSpan.FromSeconds(30);
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
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
