using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests.Storefront;

/// <summary>
/// Every page of the shop, and Identity.Api's pages the shop sends people to, on a phone's screen: axe-core finds no
/// serious or critical violation, and nothing makes the page scroll sideways.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class AccessibilityTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_page_passes_axe_and_fits_a_phone()
    {
        using var backOffice = await platform.App.BackOfficeAsync();
        var catalog = new ShopCatalog(backOffice);
        var product = await catalog.AddAsync("Wool scarf", stock: 3);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        await using var shopper = await Shopper.OpenAsync(browser, platform.Gateway.BaseAddress!, phone: true);
        var failures = new List<string>();

        await CheckAsync("catalog", "/");
        await CheckAsync("category", $"/?category={catalog.Category}");
        await CheckAsync("search", "/?q=scarf");
        await CheckAsync("product", $"/item/{product}");
        await CheckAsync("not-found", "/item/unknown");
        await shopper.GoAsync("/signin?returnUrl=%2F");
        await CheckCurrentAsync("identity-login");
        await shopper.Page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await CheckCurrentAsync("identity-register");
        await shopper.GoAsync("/");
        await shopper.RegisterAsync();
        await CheckAsync("empty-cart", "/cart");
        await CheckAsync("no-orders", "/my/orders");
        await shopper.AddToCartAsync(product, 2);
        await CheckCurrentAsync("cart");
        await CheckAsync("checkout", "/checkout");
        var orderId = await shopper.CheckOutAsync();
        await CheckCurrentAsync("order");
        await CheckAsync("orders", "/my/orders");
        await CheckAsync("order-of-another", $"/my/orders/{Guid.NewGuid()}");
        await CheckAsync("signin-failed", "/signin-failed");

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.NotEmpty(orderId);

        async Task CheckAsync(string name, string path)
        {
            await shopper.GoAsync(path);
            await CheckCurrentAsync(name);
        }

        async Task CheckCurrentAsync(string name)
        {
            await shopper.Page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"storefront-phone-{name}"), FullPage = true });
            var results = await shopper.Page.RunAxe();
            failures.AddRange(results.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(", ", v.Nodes.Select(n => n.Html))}"));
            var overflow = await shopper.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 0)
            {
                failures.Add($"{name}: scrolls sideways by {overflow} px at {Shopper.PhoneWidth} px");
            }
        }
    }
}
