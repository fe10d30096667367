using System.Diagnostics.Metrics;
using System.Net;
using Ecommerce.TestSupport;
using Identity.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Api.Tests;

/// <summary>
/// Orders.Api's own token for the inventory, from an Identity.Api whose tokens live six seconds: one token serves the
/// checkouts of its lifetime, and checkouts after it has expired get a new one, with no failed request between.
/// </summary>
public class ServiceTokenTests(PostgresFixture catalogServer, RedisFixture redis) : IAsyncLifetime
{
    private readonly PostgresFixture _ordersServer = new();
    private ServicesOnRealPorts _stack = null!;

    public async ValueTask InitializeAsync()
    {
        await _ordersServer.InitializeAsync();
        _stack = await ServicesOnRealPorts.StartAsync(catalogServer, _ordersServer, redis,
            new Dictionary<string, string?> { ["Identity:AccessTokenLifetime"] = "00:00:06" });
    }

    [Fact]
    public async Task Checkouts_keep_working_across_the_expiry_of_the_inventory_token_which_is_reused_then_renewed()
    {
        using var issued = new ClientCredentialTokens(_stack.Identity.Services.GetRequiredService<IMeterFactory>());
        var product = await _stack.Catalog.CreateProductAsync(stock: 10);

        var answers = new List<HttpStatusCode>();
        for (var round = 0; round < 2; round++)
        {
            for (var checkout = 0; checkout < 3; checkout++)
            {
                answers.Add((await _stack.PlaceOrderAsync("u-token", (product.Id(), 1))).StatusCode);
            }

            // Beyond the token's lifetime (and the four fifths after which it is renewed).
            await Task.Delay(TimeSpan.FromSeconds(7));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer));
        Assert.Equal(4, await _stack.Catalog.StockOfAsync(product.Id()));
        // One token per round (two when a slow round outlives the first): reused within its life, renewed after it.
        Assert.InRange(issued.Count, 2, 4);
    }

    public async ValueTask DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _ordersServer.DisposeAsync();
    }

    /// <summary>The client-credentials tokens one Identity.Api issues, counted from its meter.</summary>
    private sealed class ClientCredentialTokens : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public ClientCredentialTokens(IMeterFactory identityMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IdentityMetrics.MeterName && instrument.Meter.Scope == identityMeters &&
                    instrument.Name == "ecommerce.identity.tokens_issued")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "grant_type", Value: "client_credentials" })
                    {
                        Interlocked.Add(ref _count, (int)value);
                    }
                }
            });
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
