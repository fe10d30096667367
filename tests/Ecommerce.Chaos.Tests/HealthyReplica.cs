using Ecommerce.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Ecommerce.Chaos.Tests;

/// <summary>A replica that answers at once, beside the broken one: a minimal app on a free loopback port.</summary>
public sealed class HealthyReplica : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HealthyReplica(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    public string Origin { get; }

    /// <param name="origin">Where it listens: by default a free loopback port.</param>
    public static async Task<HealthyReplica> StartAsync(Action<WebApplication> mapEndpoints, string? origin = null)
    {
        origin ??= $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin);
        var app = builder.Build();
        mapEndpoints(app);
        await app.StartAsync();
        return new HealthyReplica(app, origin);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
