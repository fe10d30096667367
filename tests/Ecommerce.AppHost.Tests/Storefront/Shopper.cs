using Ecommerce.TestSupport.Identity;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests.Storefront;

/// <summary>
/// A person in the shop: their own browser context (cookies), with or without JavaScript, on a desktop or a phone, who
/// signs up on Identity.Api's pages from the shop's "Sign in" link and uses the shop as anyone would: links, labels, buttons.
/// </summary>
public sealed class Shopper : IAsyncDisposable
{
    public const int PhoneWidth = 390;

    private readonly IBrowserContext _context;

    private Shopper(IBrowserContext context, IPage page, string origin)
    {
        _context = context;
        Page = page;
        Origin = origin;
    }

    public IPage Page { get; }

    public string Origin { get; }

    public string Email { get; } = $"shopper-{Guid.NewGuid():N}@example.com";

    public IAPIRequestContext Requests => _context.APIRequest;

    public static async Task<Shopper> OpenAsync(IBrowser browser, Uri gateway, bool javaScript = true, bool phone = false)
    {
        var context = await browser.NewContextAsync(new()
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = phone ? new() { Width = PhoneWidth, Height = 844 } : new() { Width = 1280, Height = 900 },
            IsMobile = phone,
            BaseURL = gateway.GetLeftPart(UriPartial.Authority),
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return new Shopper(context, page, gateway.GetLeftPart(UriPartial.Authority));
    }

    public async Task<IResponse?> GoAsync(string path) => await Page.GotoAsync(path);

    /// <summary>From the page they are on: "Sign in", then "Register" on Identity.Api's page, and back to that page.</summary>
    public async Task RegisterAsync()
    {
        var returnTo = new Uri(Page.Url).PathAndQuery;
        await Page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).First.ClickAsync();
        await RegisterOnIdentityPageAsync();
        await Page.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnTo);
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>On Identity.Api's sign-in page, wherever the shop sent them: "Register", their email and password.</summary>
    public async Task RegisterOnIdentityPageAsync()
    {
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await Page.GetByLabel("Email").FillAsync(Email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Person.DefaultPassword);
        await Page.GetByLabel("Password, again").FillAsync(Person.DefaultPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }

    /// <summary>Signs in on Identity.Api's page as someone already registered, from wherever the shop sent them.</summary>
    public async Task SignInOnIdentityPageAsync(string email, string password = Person.DefaultPassword)
    {
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>
    /// Opens a back-office page as the platform's first admin: the shop sends them to sign in, and back to the page.
    /// </summary>
    public async Task SignInAsAdminAsync(DistributedApplication app, string path = "/admin")
    {
        await GoAsync(path);
        await SignInOnIdentityPageAsync(AdminEmail(app), await app.ParameterAsync("admin-password"));
        await Page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
    }

    public static string AdminEmail(DistributedApplication app) => $"admin@{app.GetEndpoint("gateway", "http").Host}";

    /// <summary>On a product's page: the quantity, then "Add to cart"; the cart page follows.</summary>
    public async Task AddToCartAsync(string productId, int quantity)
    {
        await GoAsync($"/item/{productId}");
        await Page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Page.WaitForURLAsync($"{Origin}/cart");
    }

    /// <summary>From the cart: "Checkout", then "Place order"; the order's page follows. Returns the order's id.</summary>
    public async Task<string> CheckOutAsync()
    {
        await GoAsync("/cart");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/my/orders/", StringComparison.Ordinal));
        return new Uri(Page.Url).Segments[^1];
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
