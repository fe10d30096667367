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

    /// <summary>The dashboard's address, and the one with the login token that a person copies from the console.</summary>
    public Uri DashboardUrl { get; private set; } = null!;

    public Uri DashboardLoginUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The postgres user must be able to walk into the data folder when the tests run as root.
        File.SetUnixFileMode(_dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        // Aspire's dashboard testing mode: the dashboard on random loopback ports, behind a generated browser token.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ecommerce_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            [$"LocalProcesses:DataDirectory={_dataDirectory}"]);
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        DashboardLoginUrl = await App.GetDashboardUrlAsync(timeout.Token);
        DashboardUrl = new Uri(DashboardLoginUrl.GetLeftPart(UriPartial.Authority));
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
