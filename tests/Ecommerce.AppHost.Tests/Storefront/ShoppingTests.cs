using System.Net;
using Ecommerce.TestSupport;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests.Storefront;

/// <summary>People shopping in the storefront through the gateway, in Debian's Chromium: every step through the pages.</summary>
[Collection(SharedPlatform.Name)]
public sealed class ShoppingTests(PlatformFixture platform) : ShopTests(platform)
{
    [Fact]
    public async Task A_person_browses_registers_fills_a_cart_checks_out_and_cancels_the_order()
    {
        var catalog = new ShopCatalog(BackOffice);
        var mug = await catalog.AddAsync("Blue mug", stock: 20, price: 12.50m);
        var teapot = await catalog.AddAsync("Green teapot", stock: 30, price: 30m);
        for (var i = 0; i < 11; i++)
        {
            await catalog.AddAsync($"Spoon {i:00}", stock: 5);
        }

        await using var shopper = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        var page = shopper.Page;

        // Anonymous: the category's chip (a new category is on the chips within the storefront's 10 s), its first page
        // of 12 and the next page with the 13th.
        var chip = page.GetByRole(AriaRole.Link, new() { Name = catalog.Category });
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(15), async () =>
        {
            await shopper.GoAsync("/");
            return await chip.CountAsync() == 1;
        }));
        await chip.ClickAsync();
        // The home page has a grid of 12 too: the category's page is the one at its address.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]category="));
        await Assertions.Expect(page.Locator(".grid > li")).ToHaveCountAsync(12);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(page.Locator(".grid > li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next page" })).ToHaveCountAsync(0);

        // Search, then the product's page, its price and stock.
        await page.GetByLabel("Search the shop").FillAsync("green teapot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Green teapot" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Green teapot", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("$30.00")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("In stock")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).CountAsync());

        // Registers from the product page and comes back to it, signed in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in to buy" }).ClickAsync();
        await shopper.RegisterOnIdentityPageAsync();
        await page.WaitForURLAsync($"{shopper.Origin}/item/{teapot}");

        // Two products, then one quantity changed in the cart.
        await shopper.AddToCartAsync(teapot, 1);
        await shopper.AddToCartAsync(mug, 2);
        await page.GetByLabel("Quantity of Blue mug").FillAsync("3");
        await page.Locator("form.quantity").Filter(new() { Has = page.GetByLabel("Quantity of Blue mug") })
            .GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Subtotal (4 items): $67.50")).ToBeVisibleAsync();

        var orderId = await shopper.CheckOutAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your order" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".history li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".review tfoot")).ToContainTextAsync("$67.50");
        Assert.Equal(17, await catalog.StockOfAsync(mug));
        Assert.Equal(29, await catalog.StockOfAsync(teapot));

        // The cart is empty after the order; the order is first in the list; cancelling puts the stock back.
        await shopper.GoAsync("/cart");
        await Assertions.Expect(page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
        await shopper.GoAsync("/my/orders");
        await Assertions.Expect(page.Locator(".orders a").First).ToHaveAttributeAsync("href", $"/my/orders/{orderId}");
        await page.Locator(".orders a").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel this order" }).ClickAsync();
        await Assertions.Expect(page.Locator(".history li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".history li").Last).ToContainTextAsync("Cancelled");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel this order" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("storefront-order-cancelled"), FullPage = true });
        Assert.Equal(20, await catalog.StockOfAsync(mug));
        Assert.Equal(30, await catalog.StockOfAsync(teapot));
    }

    [Fact]
    public async Task A_double_submit_and_a_replay_of_the_checkout_place_one_order()
    {
        var catalog = new ShopCatalog(BackOffice);
        var lamp = await catalog.AddAsync("Desk lamp", stock: 10);
        await using var shopper = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        await shopper.GoAsync("/");
        await shopper.RegisterAsync();
        await shopper.AddToCartAsync(lamp, 1);
        await shopper.GoAsync("/checkout");

        // The form exactly as the browser would post it, to send it again after the order is placed.
        var form = shopper.Page.Locator("form").Filter(new() { Has = shopper.Page.GetByRole(AriaRole.Button, new() { Name = "Place order" }) });
        var fields = new Dictionary<string, string>();
        foreach (var input in await form.Locator("input[type=hidden]").AllAsync())
        {
            fields[(await input.GetAttributeAsync("name"))!] = (await input.GetAttributeAsync("value"))!;
        }

        await shopper.Page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).DblClickAsync();
        await shopper.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/my/orders/", StringComparison.Ordinal));
        var orderId = new Uri(shopper.Page.Url).Segments[^1];

        var formData = shopper.Requests.CreateFormData();
        foreach (var (name, value) in fields)
        {
            formData.Set(name, value);
        }

        var replay = await shopper.Requests.PostAsync("/checkout", new() { Form = formData, MaxRedirects = 0 });

        Assert.True(replay.Status == (int)HttpStatusCode.Redirect, $"{replay.Status} {string.Join(",", fields.Keys)}: {await replay.TextAsync()}");
        Assert.EndsWith($"/my/orders/{orderId}", replay.Headers["location"], StringComparison.Ordinal);
        Assert.Equal(9, await catalog.StockOfAsync(lamp));
        await shopper.GoAsync("/my/orders");
        await Assertions.Expect(shopper.Page.Locator(".orders li")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Another_shopper_gets_the_not_found_page_for_an_order_and_a_visitor_is_sent_to_sign_in_and_back()
    {
        var catalog = new ShopCatalog(BackOffice);
        var pen = await catalog.AddAsync("Fountain pen", stock: 10);
        await using var owner = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        await owner.GoAsync("/");
        await owner.RegisterAsync();
        await owner.AddToCartAsync(pen, 1);
        var orderId = await owner.CheckOutAsync();

        await using var other = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        await other.GoAsync("/");
        await other.RegisterAsync();
        var foreign = await other.GoAsync($"/my/orders/{orderId}");
        Assert.Equal((int)HttpStatusCode.NotFound, foreign!.Status);
        await Assertions.Expect(other.Page.GetByRole(AriaRole.Heading, new() { Name = "We could not find that order" })).ToBeVisibleAsync();
        Assert.Equal((int)HttpStatusCode.NotFound, (await other.GoAsync("/item/not-a-product"))!.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, (await other.GoAsync($"/item/{Guid.NewGuid()}"))!.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, (await other.GoAsync("/no/such/page"))!.Status);

        // Signed out: the cart and the order are behind "Sign in", which comes back to them.
        await using var visitor = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        await visitor.GoAsync($"/my/orders/{orderId}");
        await visitor.SignInOnIdentityPageAsync(owner.Email);
        await visitor.Page.WaitForURLAsync($"{visitor.Origin}/my/orders/{orderId}");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Your order" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_main_flow_works_without_javascript()
    {
        var catalog = new ShopCatalog(BackOffice);
        var kite = await catalog.AddAsync("Red kite", stock: 10, price: 25m);
        await using var shopper = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!, javaScript: false);
        await shopper.GoAsync($"/?category={catalog.Category}");
        await shopper.Page.GetByRole(AriaRole.Link, new() { Name = "Red kite" }).ClickAsync();
        await shopper.RegisterAsync();
        await shopper.AddToCartAsync(kite, 2);
        await Assertions.Expect(shopper.Page.GetByText("Subtotal (2 items): $50.00")).ToBeVisibleAsync();
        var orderId = await shopper.CheckOutAsync();
        await shopper.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel this order" }).ClickAsync();
        await Assertions.Expect(shopper.Page.Locator(".history li").Last).ToContainTextAsync("Cancelled");
        Assert.EndsWith($"/my/orders/{orderId}", shopper.Page.Url, StringComparison.Ordinal);
        await shopper.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await shopper.Page.WaitForURLAsync($"{shopper.Origin}/");
        await Assertions.Expect(shopper.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Out_of_stock_at_checkout_says_which_line_and_how_many_are_left()
    {
        var catalog = new ShopCatalog(BackOffice);
        var chair = await catalog.AddAsync("Folding chair", stock: 3);
        await using var shopper = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        await shopper.GoAsync("/");
        await shopper.RegisterAsync();
        await shopper.AddToCartAsync(chair, 3);
        await shopper.GoAsync("/checkout");
        var response = await BackOffice.Client.PutAsync($"/products/{chair}", TestSupport.Json.Body(new
        {
            sku = $"SKU-{Guid.NewGuid():N}", name = "Folding chair", category = catalog.Category, price = 10m, currency = "USD", stock = 1,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await shopper.Page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(shopper.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Folding chair: you asked for 3, 1 is left.");
        Assert.Equal(1, await catalog.StockOfAsync(chair));
        await shopper.GoAsync("/my/orders");
        await Assertions.Expect(shopper.Page.GetByText("You have not ordered anything yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Pages_refuse_a_form_without_its_antiforgery_token_and_never_redirect_off_the_shop()
    {
        var catalog = new ShopCatalog(BackOffice);
        var cup = await catalog.AddAsync("Tea cup", stock: 10);
        await using var shopper = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        var home = await shopper.GoAsync("/");
        Assert.Contains("default-src 'self'", home!.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", home.Headers["x-content-type-options"]);

        // Off-site return URLs end at the shop's catalog after signing in.
        await shopper.GoAsync("/signin?returnUrl=//attacker.example/steal");
        await shopper.RegisterOnIdentityPageAsync();
        await shopper.Page.WaitForURLAsync($"{shopper.Origin}/");

        // A cross-site form: the shopper's cookie, no antiforgery token. Nothing is added.
        var forged = shopper.Requests.CreateFormData();
        forged.Set("_handler", "add-to-cart");
        forged.Set("Quantity", "1");
        var refused = await shopper.Requests.PostAsync($"/item/{cup}", new() { Form = forged, MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.BadRequest, refused.Status);
        await shopper.GoAsync("/cart");
        await Assertions.Expect(shopper.Page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
    }
}
