using System.Net;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport.Servers;

namespace Ecommerce.AppHost.Tests.Monitoring;

// The JSON schema validator brings a root namespace named Json; the tests' Json is the test support's.
using Json = Ecommerce.TestSupport.Json;

/// <summary>
/// The shared platform scraped by a real Prometheus, with the monitoring component's rules, after a short shopping run
/// that makes every instrument of the platform count something: the shop's home page, sign-ups, sign-ins and a lockout,
/// catalog reads, cart changes, checkouts (one that sells a product out, one refused), an order paid.
/// </summary>
public sealed class ScrapedPlatform(PlatformFixture platform) : IAsyncLifetime
{
    private readonly string _rules = ServerFolders.CreateTemporary("ecommerce-rules-");

    public PrometheusServer Prometheus { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var targets = PlatformMetrics.Processes.ToDictionary(resource => resource, resource =>
        {
            var endpoint = platform.App.GetEndpoint(resource, "metrics");
            return new[] { $"{endpoint.Host}:{endpoint.Port}" };
        });
        Prometheus = await PrometheusServer.StartAsync(targets, MonitoringComponent.WriteRuleFiles(_rules, everySecond: true));
        // A series appears with its first count, so the first run's counts are never seen rising: the second run's are.
        for (var run = 0; run < 2; run++)
        {
            var samples = await FewestSamplesAsync();
            await ShopAsync();
            // Scraped every second, but a busy machine may take longer: the run is in once every series of the platform's
            // instruments has three samples more than before it, and the rules have been evaluated on them.
            Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(60), async () => await FewestSamplesAsync() >= samples + 3),
                "Prometheus did not scrape every series of the shopping run three times within a minute.");
        }

        // The rules are evaluated every second: three more evaluations see every series.
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    /// <summary>The fewest samples any series of the platform's instruments has in the last five minutes (0 before any).</summary>
    private async Task<int> FewestSamplesAsync()
    {
        // A range selector answers each series' samples, with its name.
        var series = await Prometheus.QueryAsync("""{__name__=~"ecommerce_.+|http_server_request_duration_seconds_count"}[5m]""");
        var rules = await Prometheus.QueryAsync("slo:sli_error:ratio_rate5m");
        return series.Count == 0 || rules.Count == 0 ? 0 : series.Min(one => one!["values"]!.AsArray().Count);
    }

    private async Task ShopAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.GetAsync("/")).StatusCode);
        using var backOffice = await platform.App.BackOfficeAsync();
        using var customer = await platform.App.NewCustomerAsync();
        var scarce = await backOffice.Client.CreateProductAsync(stock: 2, price: 5m);
        var plenty = await backOffice.Client.CreateProductAsync(stock: 10, price: 3m);
        Assert.Equal(HttpStatusCode.OK, (await customer.Client.GetAsync("/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.Client.GetAsync($"/products/{Id(plenty)}")).StatusCode);

        var cart = Id(await (await customer.Client.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync());
        Assert.Equal(HttpStatusCode.OK, (await customer.Client.PostAsync($"/carts/{cart}/items", Json.Body(new { product_id = Id(scarce), quantity = 2 }))).StatusCode);
        var order = await customer.Client.PostAsync("/orders", Json.Body(new { cart_id = cart }));
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var tooMany = await customer.Client.PostAsync("/orders", Json.Body(new { items = new[] { new { product_id = Id(plenty), quantity = 11 } } }));
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await backOffice.Client.PutAsync($"/orders/{Id(await order.ReadJsonAsync())}/status", Json.Body(new { status = "paid" }))).StatusCode);

        // Registering signs a person in: each sign-in below is in a browser of its own. Five wrong passwords lock the account.
        using var gateway = platform.App.CreateHttpClient("gateway");
        using var registrar = new Person(gateway.BaseAddress!);
        Assert.Equal(HttpStatusCode.Redirect, (await registrar.RegisterAsync()).StatusCode);
        using var owner = new Person(gateway.BaseAddress!, registrar.Email);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.LoginAsync()).StatusCode);
        using var intruder = new Person(gateway.BaseAddress!, registrar.Email);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await intruder.LoginAsync(password: "not the password");
        }
    }

    private static string Id(System.Text.Json.Nodes.JsonNode node) => node["id"]!.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        Directory.Delete(_rules, recursive: true);
    }
}
