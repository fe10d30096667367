using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests.Storefront;

/// <summary>The shop's admins running it from the browser, in Debian's Chromium: the catalog, the orders, and who did what.</summary>
[Collection(SharedPlatform.Name)]
public sealed class BackOfficeTests(PlatformFixture platform) : ShopTests(platform)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[600]];

    [Fact]
    public async Task An_admin_adds_a_product_with_its_picture_reprices_and_restocks_it_and_ships_its_order()
    {
        var adminEmail = Shopper.AdminEmail(Platform.App);
        var sku = $"MUG-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var category = $"test-{Guid.NewGuid():N}"[..16];
        await using var admin = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        var page = admin.Page;
        await admin.SignInAsAdminAsync(Platform.App);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Needs attention" })).ToBeVisibleAsync();

        // A new product; a SKU another product has is refused on its field, and nothing is created.
        var existing = await new ShopCatalog(BackOffice).AddAsync("Taken SKU");
        var takenSku = (await BackOffice.Client.GetFromJsonAsync<JsonObject>($"/products/{existing}"))!["sku"]!.GetValue<string>();
        await page.GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New product" }).ClickAsync();
        await FillProductAsync(page, takenSku, "Speckled mug", category, "14.00", "3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Assertions.Expect(page.Locator(".validation-message")).ToContainTextAsync("already has the sku");
        await page.GetByLabel("SKU").FillAsync(sku);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The product was created.")).ToBeVisibleAsync();
        var productId = new Uri(page.Url).Segments[^1];

        // A file that is not a picture is refused with the reason; a PNG is taken and shown as the shop will show it.
        await page.GetByLabel("A new picture").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("“notes.txt” is not a PNG, JPEG or WebP picture");
        await page.GetByLabel("A new picture").SetInputFilesAsync(new FilePayload { Name = "lying.png", MimeType = "image/png", Buffer = "GIF89a, not a PNG"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("“lying.png” was refused");
        await page.GetByLabel("A new picture").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = new byte[3 * 1024 * 1024 / 2] });
        Assert.Equal("“photo.png” is 1.5 MiB: a picture may be at most 1 MiB.",
            await page.GetByLabel("A new picture").EvaluateAsync<string>("input => input.validationMessage"));
        await page.GetByLabel("A new picture").SetInputFilesAsync(new FilePayload { Name = "mug.png", MimeType = "image/png", Buffer = Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The picture was changed.")).ToBeVisibleAsync();
        var picture = page.Locator(".picture-preview img");
        await Assertions.Expect(picture).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"^/products/{productId}/image\\?v="));
        var src = await picture.GetAttributeAsync("src");
        Assert.Equal(Png, await (await page.APIRequest.GetAsync(src!)).BodyAsync());

        // A new price and seven more units; both are in the shop at once.
        await page.GetByLabel("Price").FillAsync("9.50");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        await page.GetByLabel("Units to add").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Adjust stock" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The stock was adjusted.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Spinbutton, new() { Name = "Stock", Exact = true })).ToHaveValueAsync("10");
        await admin.GoAsync($"/item/{productId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Speckled mug", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("$9.50")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("img.picture")).ToHaveAttributeAsync("src", src!);

        // A customer orders two; the admin finds the order, marks it paid, then shipped, each confirmed once.
        await using var customer = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        await customer.GoAsync("/");
        await customer.RegisterAsync();
        await customer.AddToCartAsync(productId, 2);
        var orderId = await customer.CheckOutAsync();

        await admin.GoAsync("/admin/orders?status=pending");
        await page.Locator($"a[href='/admin/orders/{orderId}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as paid…" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Mark as paid? The customer sees it")).ToBeVisibleAsync();
        Assert.Equal("pending", await StatusOfAsync(orderId));
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, mark as paid" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 + p .status")).ToHaveTextAsync("Paid");
        await admin.GoAsync("/admin");
        await page.Locator($"a[href='/admin/orders/{orderId}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as shipped…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, mark as shipped" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 + p .status")).ToHaveTextAsync("Shipped");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mark as delivered…" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel the order…" })).ToHaveCountAsync(0);

        await customer.GoAsync($"/my/orders/{orderId}");
        await Assertions.Expect(customer.Page.Locator("h1 + p .status")).ToHaveTextAsync("Shipped");

        // Who did it: every change to the product and both moves of the order name the admin, in the pages and the APIs.
        await admin.GoAsync($"/admin/products/{productId}");
        var changes = page.Locator("table:has(caption:text('Who changed this product')) tbody tr");
        await Assertions.Expect(changes).ToHaveCountAsync(4);
        foreach (var row in await changes.AllAsync())
        {
            await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(adminEmail);
        }

        var log = (await BackOffice.Client.GetFromJsonAsync<JsonArray>($"/products/{productId}/changes"))!;
        Assert.Equal(["stock_adjusted", "edited", "picture_set", "created"], log.Select(change => change!["change"]!.GetValue<string>()));
        Assert.All(log, change => Assert.Equal(adminEmail, change!["actor"]!["email"]!.GetValue<string>()));
        Assert.Equal(9.50m, decimal.Parse(log[1]!["fields"]!["price"]!["to"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var history = (await BackOffice.Client.GetFromJsonAsync<JsonObject>($"/orders/{orderId}"))!["status_history"]!.AsArray();
        Assert.Equal(["pending", "paid", "shipped"], history.Select(change => change!["status"]!.GetValue<string>()));
        Assert.All(history.Skip(1), change => Assert.Equal(adminEmail, change!["actor"]!["email"]!.GetValue<string>()));
        Assert.Equal(8, await new ShopCatalog(BackOffice).StockOfAsync(productId));
    }

    [Fact]
    public async Task Two_admins_editing_one_product_keep_both_changes_and_are_shown_a_conflict_instead_of_an_overwrite()
    {
        var productId = await new ShopCatalog(BackOffice).AddAsync("Linen apron", stock: 4, price: 20m);
        await using var first = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        // The second admin's browser runs no script: the back office's forms are plain HTML forms.
        await using var second = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!, javaScript: false);
        await first.SignInAsAdminAsync(Platform.App, $"/admin/products/{productId}");
        await second.SignInAsAdminAsync(Platform.App, $"/admin/products/{productId}");

        // A photo over the catalog's limit reaches the shop through the gateway, and the page without scripts says why.
        await second.Page.GetByLabel("A new picture").SetInputFilesAsync(new FilePayload { Name = "photo.jpg", MimeType = "image/jpeg", Buffer = new byte[5 * 1024 * 1024] });
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
        await Assertions.Expect(second.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("“photo.jpg” is 5.0 MiB: a picture may be at most 1 MiB.");

        // Different fields: the second save keeps the first one's name and adds its description.
        await first.Page.GetByLabel("Name").FillAsync("Linen apron, natural");
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(first.Page.GetByText("Saved.")).ToBeVisibleAsync();
        await second.Page.GetByLabel("Description").FillAsync("Washed twice.");
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(second.Page.GetByText("Saved.")).ToBeVisibleAsync();
        var merged = await ProductAsync(productId);
        Assert.Equal(("Linen apron, natural", "Washed twice."), (merged["name"]!.GetValue<string>(), merged["description"]!.GetValue<string>()));

        // The same field: the second admin sees both prices and nothing of theirs is saved until they choose.
        await first.GoAsync($"/admin/products/{productId}");
        await second.GoAsync($"/admin/products/{productId}");
        await first.Page.GetByLabel("Price").FillAsync("22.00");
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(first.Page.GetByText("Saved.")).ToBeVisibleAsync();
        await second.Page.GetByLabel("Price").FillAsync("25.00");
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var conflict = second.Page.Locator("table:has(caption:text('What you both changed')) tbody tr");
        await Assertions.Expect(conflict).ToHaveCountAsync(1);
        await Assertions.Expect(conflict.Locator("th, td")).ToHaveTextAsync(["Price", "20.00", "22.00", "25.00"]);
        Assert.Equal(22.00m, (await ProductAsync(productId))["price"]!.GetValue<decimal>());
        await Assertions.Expect(second.Page.GetByLabel("Price")).ToHaveValueAsync("25.00");

        // Saving again, from the conflict, is the admin's choice: their price replaces the other's, and the name stays.
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Save mine over theirs" }).ClickAsync();
        await Assertions.Expect(second.Page.GetByText("Saved.")).ToBeVisibleAsync();
        Assert.Equal(25.00m, (await ProductAsync(productId))["price"]!.GetValue<decimal>());
        Assert.Equal("Linen apron, natural", (await ProductAsync(productId))["name"]!.GetValue<string>());

        // Each of the four saves is in the product's log under the admin who made it; the refused ones are not.
        var log = (await BackOffice.Client.GetFromJsonAsync<JsonArray>($"/products/{productId}/changes"))!;
        Assert.Equal(["edited", "edited", "edited", "edited", "created"], log.Select(change => change!["change"]!.GetValue<string>()));
        Assert.All(log.Take(4), change => Assert.Equal(Shopper.AdminEmail(Platform.App), change!["actor"]!["email"]!.GetValue<string>()));
        Assert.Equal("back-office", log[4]!["actor"]!["client_id"]!.GetValue<string>());
        Assert.Equal(["price"], log[0]!["fields"]!.AsObject().Select(field => field.Key));
    }

    [Fact]
    public async Task A_customer_finds_no_back_office_and_a_visitor_is_asked_to_sign_in()
    {
        string[] paths = ["/admin", "/admin/products", "/admin/products/new", $"/admin/products/{Guid.NewGuid()}", "/admin/orders", $"/admin/orders/{Guid.NewGuid()}"];
        await using var customer = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        await customer.GoAsync("/");
        await customer.RegisterAsync();
        await Assertions.Expect(customer.Page.GetByRole(AriaRole.Link, new() { Name = "Back office" })).ToHaveCountAsync(0);
        foreach (var path in paths)
        {
            var response = await customer.GoAsync(path);
            Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
            await Assertions.Expect(customer.Page.GetByRole(AriaRole.Heading, new() { Name = "We could not find that page" })).ToBeVisibleAsync();
        }

        await using var visitor = await Shopper.OpenAsync(Browser, Platform.Gateway.BaseAddress!);
        foreach (var path in paths)
        {
            await visitor.GoAsync(path);
            await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            Assert.StartsWith("/account/", new Uri(visitor.Page.Url).AbsolutePath, StringComparison.Ordinal);
        }
    }

    private static async Task FillProductAsync(IPage page, string sku, string name, string category, string price, string stock)
    {
        await page.GetByLabel("SKU").FillAsync(sku);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Description").FillAsync("Thrown by hand, glazed in grey.");
        await page.GetByLabel("Category").FillAsync(category);
        await page.GetByLabel("Price").FillAsync(price);
        await page.GetByLabel("Stock", new() { Exact = true }).FillAsync(stock);
    }

    private async Task<JsonObject> ProductAsync(string productId) =>
        (await BackOffice.Client.GetFromJsonAsync<JsonObject>($"/products/{productId}"))!;

    private async Task<string> StatusOfAsync(string orderId) =>
        (await BackOffice.Client.GetFromJsonAsync<JsonObject>($"/orders/{orderId}"))!["status"]!.GetValue<string>();
}
