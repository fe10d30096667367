using Ecommerce.Hosting.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Ecommerce.Hosting.Local;

/// <summary>The gateway resource run in the AppHost's process: YARP with the model's route table.</summary>
internal sealed class YarpGateway(WebApplication app) : IAsyncDisposable
{
    public static async Task<YarpGateway> StartAsync(
        GatewayResource gateway, int port, IReadOnlyDictionary<ProjectResource, IReadOnlyList<Uri>> destinations, ResourceLogs logs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ResourceLoggerProvider(gateway.Name, logs));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddRequestTimeouts();
        builder.Services.AddReverseProxy().LoadFromMemory(Routes(gateway), Clusters(gateway, destinations));

        var app = builder.Build();
        app.UseRouting();
        app.UseRequestTimeouts();
        app.MapReverseProxy();
        await app.StartAsync();
        logs.Write(gateway.Name, $"Routing {string.Join(", ", gateway.Routes.Select(r => $"{r.PathPrefix} → {r.Target.Name}"))} on http://localhost:{port}");
        return new YarpGateway(app);
    }

    /// <summary>Each prefix matches itself and everything below it; the path goes on unchanged.</summary>
    private static List<RouteConfig> Routes(GatewayResource gateway) =>
        gateway.Routes.SelectMany(route => new[] { route.PathPrefix, route.PathPrefix + "/{**rest}" }.Select((path, i) => new RouteConfig
        {
            RouteId = $"{route.Target.Name}-{i}",
            ClusterId = route.Target.Name,
            Match = new RouteMatch { Path = path },
            Timeout = route.Timeout,
        })).ToList();

    private static List<ClusterConfig> Clusters(GatewayResource gateway, IReadOnlyDictionary<ProjectResource, IReadOnlyList<Uri>> destinations) =>
        gateway.Routes.Select(route => route.Target).Distinct().Select(target => new ClusterConfig
        {
            ClusterId = target.Name,
            LoadBalancingPolicy = "RoundRobin",
            Destinations = destinations[target].Select((uri, i) => (uri, i))
                .ToDictionary(d => $"{target.Name}-{d.i}", d => new DestinationConfig { Address = d.uri.ToString() }),
        }).ToList();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class ResourceLoggerProvider(string resource, ResourceLogs logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ResourceLogger(resource, logs);

        public void Dispose()
        {
        }
    }

    private sealed class ResourceLogger(string resource, ResourceLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Write(resource, $"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.Message})")}");
    }
}
