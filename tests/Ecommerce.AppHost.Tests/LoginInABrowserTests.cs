using Ecommerce.TestSupport.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// A person signs up and in through Identity.Api's pages in a real Chromium, on a phone-sized screen, through the
/// gateway, and lands on /callback with a code that the storefront's verifier exchanges for tokens.
/// </summary>
[Collection(SharedPlatform.Name)]
public sealed class LoginInABrowserTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_person_registers_on_the_pages_and_reaches_the_callback_with_a_code_that_exchanges_for_tokens()
    {
        var origin = platform.Gateway.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var pkce = Pkce.Create();
        var authorize = QueryHelpers.AddQueryString($"{origin}/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = "api-reference",
            ["response_type"] = "code",
            ["redirect_uri"] = $"{origin}/callback",
            ["scope"] = "openid email carts orders",
            ["state"] = "browser-test",
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = "S256",
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync(authorize);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("identity-login") });
        await page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync($"browser-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Person.DefaultPassword);
        await page.GetByLabel("Password, again").FillAsync(Person.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your authorization code" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("identity-callback") });
        Assert.StartsWith($"{origin}/callback?", page.Url, StringComparison.Ordinal);
        Assert.Equal("browser-test", QueryHelpers.ParseQuery(new Uri(page.Url).Query)["state"].ToString());
        var code = (await page.Locator("#code").InnerTextAsync()).Trim();
        var tokens = await platform.Gateway.ExchangeCodeAsync("api-reference", code, $"{origin}/callback", pkce.Verifier).TokensAsync();
        Assert.NotNull(tokens["access_token"]);
    }
}
