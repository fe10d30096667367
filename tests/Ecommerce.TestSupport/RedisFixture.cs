using Ecommerce.TestSupport.Servers;
using Xunit;

namespace Ecommerce.TestSupport;

/// <summary>A throwaway redis-server, started by the same launcher the AppHost uses.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ecommerce-redis-").FullName;

    public RedisServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await RedisServer.StartAsync(new RedisServerOptions { DataDirectory = _root, Password = Guid.NewGuid().ToString("N") });

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
