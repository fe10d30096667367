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
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:products:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["services:products:http:1"] = _healthy.Origin,
        });
        builder.AddServiceDefaults();
        using var host = builder.Build();
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

    public async ValueTask DisposeAsync() => await _healthy.DisposeAsync();
}
