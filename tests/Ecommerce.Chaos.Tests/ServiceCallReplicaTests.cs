using Ecommerce.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ecommerce.Chaos.Tests;

/// <summary>
/// A call from one service to another, through the service defaults' HttpClient, when one of the two replicas that
/// service discovery names refuses every connection (a replica that died).
/// </summary>
public sealed class ServiceCallReplicaTests : IAsyncLifetime
{
    private HealthyReplica _healthy = null!;

    public async ValueTask InitializeAsync() => _healthy = await HealthyReplica.StartAsync(app =>
    {
        app.MapGet("/products/{id}", (string id) => Results.Text($"product {id}"));
        app.MapPost("/inventory/reservations", () => Results.Text("reserved", statusCode: StatusCodes.Status201Created));
    });

    [Fact]
    public async Task A_replica_that_refuses_connections_fails_no_call_of_any_method_however_many_it_refuses()
    {
        using var host = HostCalling($"http://127.0.0.1:{FreePort.Next()}", _healthy.Origin);
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri("http://products");

        // Every other call meets the dead replica first: 150 refusals, enough to open a circuit that counted them.
        for (var i = 0; i < 150; i++)
        {
            var read = await client.GetAsync($"/products/{i}");
            Assert.Equal(System.Net.HttpStatusCode.OK, read.StatusCode);
            var write = await client.PostAsync("/inventory/reservations", new StringContent("{}"));
            Assert.Equal(System.Net.HttpStatusCode.Created, write.StatusCode);
        }
    }

    [Fact]
    public async Task A_replica_that_died_is_left_out_of_concurrent_calls_and_used_again_once_it_answers()
    {
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        using var host = HostCalling(dead, _healthy.Origin);
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri("http://products");

        // Sixteen callers at once, as a service under load: each refusal is retried to a replica chosen again, and one
        // that just refused is not chosen, so no call fails however often they race to it.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async caller =>
        {
            var answered = new List<System.Net.HttpStatusCode>();
            for (var i = 0; i < 25; i++)
            {
                answered.Add((await client.PostAsync("/inventory/reservations", new StringContent("{}"))).StatusCode);
            }

            return answered;
        }));
        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(System.Net.HttpStatusCode.Created, status));

        // The replica is started again on its address: calls reach it again, without any call failing meanwhile.
        var calledBack = 0;
        await using var restarted = await HealthyReplica.StartAsync(
            app => app.MapGet("/products/{id}", (string id) => Results.Text($"restarted {id} {Interlocked.Increment(ref calledBack)}")), dead);
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), async () =>
        {
            Assert.True((await client.GetAsync("/products/1")).IsSuccessStatusCode);
            return Volatile.Read(ref calledBack) > 0;
        }));
    }

    private static IHost HostCalling(params string[] replicas)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            replicas.Select((origin, i) => new KeyValuePair<string, string?>($"services:products:http:{i}", origin)));
        builder.AddServiceDefaults();
        return builder.Build();
    }

    public async ValueTask DisposeAsync() => await _healthy.DisposeAsync();
}
