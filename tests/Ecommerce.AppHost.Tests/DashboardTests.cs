using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Ecommerce.TestSupport;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests;

// The JSON schema validator brings a root namespace named Json; the tests' Json is the test support's.
using Json = Ecommerce.TestSupport.Json;

/// <summary>
/// Aspire's dashboard as a person uses it, in a real headless Chromium: log in with the token, see every resource
/// running and healthy, follow one checkout across the gateway and the three services, find the platform's meters.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class DashboardTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly string[] Resources = ["postgres", "catalogdb", "ordersdb", "identitydb", "cache", "identity", "products", "carts", "orders", "storefront", "gateway"];

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
        _page = await _browser.NewPageAsync();
        _page.SetDefaultTimeout(30_000);
        await _page.GotoAsync(platform.DashboardLoginUrl.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task The_resources_page_shows_every_resource_running_and_healthy()
    {
        await _page.GotoAsync(new Uri(platform.DashboardUrl, "/").ToString());

        foreach (var resource in Resources)
        {
            // The grid shows the state; the health state is in the resource's details, opened by clicking its name.
            var row = _page.GetByRole(AriaRole.Row).Filter(new() { Has = _page.GetByText(resource, new() { Exact = true }) }).First;
            await Assertions.Expect(row).ToContainTextAsync("Running");
            await row.GetByText(resource, new() { Exact = true }).ClickAsync();
            var details = _page.GetByRole(AriaRole.Row);
            await Assertions.Expect(details.Filter(new() { HasText = "Display name" }).First)
                .ToHaveTextAsync(new Regex($@"^\s*Display name\s*{resource}\s*$"));
            await Assertions.Expect(details.Filter(new() { HasText = "Health state" }).First).ToContainTextAsync("Healthy");
        }
    }

    [Fact]
    public async Task A_checkout_is_one_trace_across_the_gateway_and_the_three_services()
    {
        using var backOffice = await platform.App.BackOfficeAsync();
        using var customer = await platform.App.NewCustomerAsync();
        var product = await backOffice.Client.CreateProductAsync(stock: 5);
        var cart = await (await customer.Client.PostAsync("/carts", Json.Body("{}"))).ReadJsonAsync();
        var cartId = cart["id"]!.GetValue<string>();
        await customer.Client.PostAsync($"/carts/{cartId}/items", Json.Body(new { product_id = product["id"]!.GetValue<string>(), quantity = 1 }));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = Json.Body(new { cart_id = cartId }) };
        checkout.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.Created, (await customer.Client.SendAsync(checkout)).StatusCode);

        await AssertTraceShowsAsync(traceId, "gateway", "orders", "products", "carts");
        await Assertions.Expect(_page.GetByText("POST /orders").First).ToBeVisibleAsync();

        // The traces page lists the newest last, where it opens: that is the checkout, since nothing that ran after it
        // made a trace of its own (the batch that confirmed its stock is in its trace).
        await _page.GotoAsync(new Uri(platform.DashboardUrl, "/traces").ToString());
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await _page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("traces-after-checkout") });
        var newest = _page.GetByRole(AriaRole.Row).Last;
        await Assertions.Expect(newest).ToContainTextAsync(traceId[..7]);
    }

    [Fact]
    public async Task A_checkout_in_the_shop_is_one_trace_from_the_storefront_to_products()
    {
        using var backOffice = await platform.App.BackOfficeAsync();
        var product = await new Storefront.ShopCatalog(backOffice).AddAsync("Traced kettle", stock: 5);
        await using var shopper = await Storefront.Shopper.OpenAsync(_browser, platform.Gateway.BaseAddress!);
        await shopper.GoAsync("/");
        await shopper.RegisterAsync();
        await shopper.AddToCartAsync(product, 1);
        await shopper.GoAsync("/checkout");

        // The browser's post of the checkout form starts the trace, as a traced client's request would.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        await shopper.Page.RouteAsync("**/checkout", route => route.Request.Method == "POST"
            ? route.ContinueAsync(new()
            {
                Headers = new Dictionary<string, string>(route.Request.Headers) { ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" },
            })
            : route.ContinueAsync());
        await shopper.Page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await shopper.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/my/orders/", StringComparison.Ordinal));

        await AssertTraceShowsAsync(traceId, "gateway", "storefront", "orders", "products", "carts");
        await Assertions.Expect(_page.GetByText("POST /orders").First).ToBeVisibleAsync();
    }

    /// <summary>Opens the trace's page until every one of <paramref name="services"/> has reported its spans (they come in batches).</summary>
    private async Task AssertTraceShowsAsync(string traceId, params string[] services)
    {
        var detail = new Uri(platform.DashboardUrl, $"/traces/detail/{traceId}").ToString();
        var all = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(60), async () =>
        {
            await _page.GotoAsync(detail);
            await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var text = await _page.Locator("body").InnerTextAsync();
            return services.All(service => Regex.IsMatch(text, $@"\b{service}\b"));
        });

        Assert.True(all, $"The trace {traceId} does not show spans of {string.Join(", ", services)}: {await _page.Locator("body").InnerTextAsync()}");
    }

    [Fact]
    public async Task The_platforms_own_meters_are_listed_under_metrics()
    {
        // A meter is exported once one of its instruments has measured something: an order places one.
        using var backOffice = await platform.App.BackOfficeAsync();
        using var customer = await platform.App.NewCustomerAsync();
        var product = await backOffice.Client.CreateProductAsync(stock: 1);
        var order = await customer.Client.PostAsync("/orders", Json.Body(new { items = new[] { new { product_id = product["id"]!.GetValue<string>(), quantity = 1 } } }));
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var listed = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(60), async () =>
        {
            await _page.GotoAsync(new Uri(platform.DashboardUrl, "/metrics/resource/orders").ToString());
            await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            return (await _page.Locator("body").InnerTextAsync()).Contains("Ecommerce.Orders", StringComparison.Ordinal);
        });

        Assert.True(listed, $"Ecommerce.Orders is not listed: {await _page.Locator("body").InnerTextAsync()}");
    }
}
