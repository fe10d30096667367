using System.Diagnostics.Metrics;
using System.Net;
using Ecommerce.TestSupport;
using Identity.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orders.Api.Infrastructure;

namespace Orders.Api.Tests;

/// <summary>
/// Orders.Api's own token for the inventory, on a clock the test moves: one token serves the checkouts of its
/// lifetime, and the checkouts once it is due for renewal (four fifths of its life) get a new one, with no failed
/// request between. Identity.Api's tokens live ten minutes, so Products.Api accepts both throughout.
/// </summary>
public class ServiceTokenTests(PostgresFixture catalogServer, RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(10);

    private readonly PostgresFixture _ordersServer = new();
    private readonly FakeTimeProvider _tokensClock = new(DateTimeOffset.UtcNow);
    private ServicesOnRealPorts _stack = null!;

    public async ValueTask InitializeAsync()
    {
        await _ordersServer.InitializeAsync();
        _stack = await ServicesOnRealPorts.StartAsync(catalogServer, _ordersServer, redis,
            new Dictionary<string, string?> { ["Identity:AccessTokenLifetime"] = TokenLifetime.ToString() },
            services => services.AddSingleton(provider => new ServiceTokens(
                provider.GetRequiredService<IHttpClientFactory>(), provider.GetRequiredService<IOptions<ServiceIdentityOptions>>(), _tokensClock)));
    }

    [Fact]
    public async Task Checkouts_reuse_the_inventory_token_within_its_life_and_get_a_new_one_once_it_is_due()
    {
        using var issued = new ClientCredentialTokens(_stack.Identity.Services.GetRequiredService<IMeterFactory>());
        var product = await _stack.Catalog.CreateProductAsync(stock: 10);
        var answers = new List<HttpStatusCode>();
        async Task CheckOutThreeTimesAsync()
        {
            for (var checkout = 0; checkout < 3; checkout++)
            {
                answers.Add((await _stack.PlaceOrderAsync("u-token", (product.Id(), 1))).StatusCode);
            }
        }

        await CheckOutThreeTimesAsync();
        Assert.Equal(1, issued.Count);

        // Just before four fifths of its life: still the same token.
        _tokensClock.Advance(TokenLifetime * 4 / 5 - TimeSpan.FromSeconds(1));
        await CheckOutThreeTimesAsync();
        Assert.Equal(1, issued.Count);

        _tokensClock.Advance(TimeSpan.FromSeconds(2));
        await CheckOutThreeTimesAsync();
        Assert.Equal(2, issued.Count);

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer));
        Assert.Equal(1, await _stack.Catalog.StockOfAsync(product.Id()));
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
