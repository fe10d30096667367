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
    public async Task Every_back_office_page_passes_axe_and_fits_a_phone()
    {
        using var backOffice = await platform.App.BackOfficeAsync();
        var product = await new ShopCatalog(backOffice).AddAsync("Oak board", stock: 2);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        await using var customer = await Shopper.OpenAsync(browser, platform.Gateway.BaseAddress!);
        await customer.GoAsync("/");
        await customer.RegisterAsync();
        await customer.AddToCartAsync(product, 1);
        var orderId = await customer.CheckOutAsync();
        await using var admin = await Shopper.OpenAsync(browser, platform.Gateway.BaseAddress!, phone: true);
        await admin.SignInAsAdminAsync(platform.App);
        var failures = new List<string>();

        await CheckAsync(admin, failures, "admin-attention", "/admin");
        await CheckAsync(admin, failures, "admin-products", "/admin/products?max_stock=5");
        await CheckAsync(admin, failures, "admin-new-product", "/admin/products/new");
        await CheckAsync(admin, failures, "admin-product", $"/admin/products/{product}");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Delete product…" }).ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete “Oak board”" })).ToBeVisibleAsync();
        await CheckAsync(admin, failures, "admin-product-delete", null);
        await CheckAsync(admin, failures, "admin-orders", "/admin/orders");
        await CheckAsync(admin, failures, "admin-order", $"/admin/orders/{orderId}");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Mark as paid…" }).ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Button, new() { Name = "Yes, mark as paid" })).ToBeVisibleAsync();
        await CheckAsync(admin, failures, "admin-order-confirm", null);

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

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

        Task CheckAsync(string name, string path) => AccessibilityTests.CheckAsync(shopper, failures, name, path);

        Task CheckCurrentAsync(string name) => AccessibilityTests.CheckAsync(shopper, failures, name, null);
    }

    /// <summary>The page at <paramref name="path"/> (or the one shown, when null): axe's serious and critical findings, and sideways scrolling.</summary>
    private static async Task CheckAsync(Shopper shopper, List<string> failures, string name, string? path)
    {
        if (path is not null)
        {
            await shopper.GoAsync(path);
        }

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
