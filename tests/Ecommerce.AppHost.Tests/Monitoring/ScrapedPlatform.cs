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
        await ShopAsync();
        // Scraped every second: a few seconds on, every count of the run is in, and the rules have been evaluated on it.
        await Task.Delay(TimeSpan.FromSeconds(5));
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
