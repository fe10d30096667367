using Ecommerce.Hosting;

namespace Ecommerce.AppHost.Tests;

/// <summary>The whole platform, started from the AppHost's own Program on free ports, once for the tests that share it.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await DistributedApplicationTesting.StartAsync<Program>();
        Gateway = App.CreateHttpClient("gateway");
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>The tests that share one running platform (it takes seconds to start), run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPlatform : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
