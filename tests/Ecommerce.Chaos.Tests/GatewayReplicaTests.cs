using System.Net;
using System.Net.Sockets;
using Ecommerce.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ecommerce.Chaos.Tests;

/// <summary>
/// The gateway in front of two replicas, one of them broken, with its health checks off so that it keeps choosing the
/// broken one: what the gateway sends again to the healthy replica, and what it leaves to the client.
/// </summary>
public sealed class GatewayReplicaTests : IAsyncLifetime
{
    private HealthyReplica _healthy = null!;
    private TcpListener? _dropper;
    private TcpListener? _hanger;
    private readonly List<TcpClient> _held = [];

    public async ValueTask InitializeAsync() => _healthy = await HealthyReplica.StartAsync(app =>
    {
        app.MapGet("/products/{id}", (string id) => Results.Text($"product {id}"));
        app.MapPost("/products", () => Results.Text("created", statusCode: StatusCodes.Status201Created));
    });

    [Fact]
    public async Task A_replica_that_refuses_connections_costs_no_request_of_any_method()
    {
        // A port nothing listens on: every connection is refused, as to a replica that died.
        await using var gateway = await StartGatewayAsync($"http://127.0.0.1:{FreePort.Next()}");
        using var client = new HttpClient { BaseAddress = gateway.Address };

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/products/{i}")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/products", new StringContent("{}"))).StatusCode);
        }
    }

    [Fact]
    public async Task A_replica_that_dies_with_the_request_costs_no_read_and_leaves_a_write_to_the_client()
    {
        // Takes the request, then closes the connection without an answer: a replica killed while it handled it.
        _dropper = new TcpListener(IPAddress.Loopback, 0);
        _dropper.Start();
        _ = DropEveryRequestAsync(_dropper);
        await using var gateway = await StartGatewayAsync($"http://127.0.0.1:{((IPEndPoint)_dropper.LocalEndpoint).Port}");
        using var client = new HttpClient { BaseAddress = gateway.Address };

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/products/{i}")).StatusCode);
        }

        // Apart from the reads: a read sent again does not move the round robin on, so reads and writes taken in
        // turns could each keep meeting one replica.
        var writes = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            var write = await client.PostAsync("/products", new StringContent("{}"));
            writes.Add(write.StatusCode);
            if (write.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.NotNull(write.Headers.RetryAfter);
            }
        }

        // The broken replica got some writes (they may have been applied), and the client heard 503 for each of them.
        Assert.Contains(HttpStatusCode.ServiceUnavailable, writes);
        Assert.All(writes, status => Assert.True(status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{status}"));
    }

    [Fact]
    public async Task A_replica_that_stops_answering_costs_a_504_problem_after_the_routes_timeout()
    {
        // Takes the request and never answers: a replica stopped (SIGSTOP) or stuck.
        _hanger = new TcpListener(IPAddress.Loopback, 0);
        _hanger.Start();
        _ = HoldEveryRequestAsync(_hanger);
        await using var gateway = await StartGatewayAsync(
            $"http://127.0.0.1:{((IPEndPoint)_hanger.LocalEndpoint).Port}", routeTimeout: TimeSpan.FromSeconds(2));
        using var client = new HttpClient { BaseAddress = gateway.Address };

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var answer = await client.GetAsync($"/products/{i}");
            answers.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.GatewayTimeout)
            {
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Contains(HttpStatusCode.GatewayTimeout, answers);
        Assert.All(answers, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.GatewayTimeout, $"{status}"));
    }

    private Task<ServiceProcess> StartGatewayAsync(string brokenOrigin, TimeSpan? routeTimeout = null) =>
        ServiceProcess.StartAsync(BuildOutput.Repository, "Ecommerce.Gateway", BuildOutput.Configuration, new Dictionary<string, string>(
            GatewaySettings.Route("products", "/products", routeTimeout ?? TimeSpan.FromSeconds(15)))
        {
            ["services__products__http__0"] = brokenOrigin,
            ["services__products__http__1"] = _healthy.Origin,
            // Health checks would take the broken replica out within seconds; without them it keeps being chosen.
            ["ReverseProxy__Clusters__products__HealthCheck__Passive__Enabled"] = "false",
            ["ReverseProxy__Clusters__products__LoadBalancingPolicy"] = "RoundRobin",
        });

    private static async Task DropEveryRequestAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptTcpClientAsync();
                var buffer = new byte[4096];
                _ = await connection.GetStream().ReadAsync(buffer);
                connection.Client.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException or IOException)
        {
            // The listener was stopped.
        }
    }

    private async Task HoldEveryRequestAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                var connection = await listener.AcceptTcpClientAsync();
                _held.Add(connection);
                _ = await connection.GetStream().ReadAsync(new byte[4096]);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException or IOException)
        {
            // The listener was stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _dropper?.Stop();
        _hanger?.Stop();
        _held.ForEach(connection => connection.Dispose());
        await _healthy.DisposeAsync();
    }
}
