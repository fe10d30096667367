using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Servers;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// The dashboard of the AppHost started as a person starts it (not through Aspire.Hosting.Testing, which shows no
/// notifications): once every resource runs, neither Resources nor Traces shows an error banner, since nothing is wrong
/// with a run that is deliberately plain HTTP.
/// </summary>
/// <remarks>In the platform's collection only to run after it, not beside it: two platforms at once on two cores crowd each other.</remarks>
[Collection(SharedPlatform.Name)]
public sealed class RealRunDashboardTests
{
    private static readonly string[] Resources = ["postgres", "catalogdb", "ordersdb", "identitydb", "cache", "identity", "products", "carts", "orders", "gateway"];

    [Fact]
    public async Task Neither_resources_nor_traces_shows_an_error_banner()
    {
        var data = ServerFolders.CreateTemporary("ecommerce-apphost-dashboard-");
        using var apphost = AppHostProcess.Start(throughDotnetRun: false, data);
        try
        {
            var login = await apphost.WaitForLoginUrlAsync(PlatformFixture.StartTimeout);
            Assert.True(login is not null, $"The AppHost printed no login address:{Environment.NewLine}{apphost.LastOutput()}");
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
            page.SetDefaultTimeout(30_000);
            await page.GotoAsync(login.ToString());
            foreach (var resource in Resources)
            {
                var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(resource, new() { Exact = true }) }).First;
                await Assertions.Expect(row).ToContainTextAsync("Running", new() { Timeout = (float)PlatformFixture.StartTimeout.TotalMilliseconds });
            }

            // A notification reaches the page through the resource service, a moment after the page itself.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("real-run-resources") });
            await AssertNoErrorBannerAsync(page, "Resources");

            await page.GotoAsync(new Uri(login, "/traces").ToString());
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("real-run-traces") });
            await AssertNoErrorBannerAsync(page, "Traces");
        }
        finally
        {
            Signals.Send(apphost.Process.Id, Signals.SigTerm);
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await apphost.Process.WaitForExitAsync(stopped.Token);
            await ServerFolders.DeleteAsync(data);
        }
    }

    private static async Task AssertNoErrorBannerAsync(IPage page, string pageName)
    {
        var banners = page.Locator(".dashboard-message-bar.intent-error");
        Assert.True(await banners.CountAsync() == 0, $"{pageName} shows an error: {string.Join(" | ", await banners.AllInnerTextsAsync())}");
    }
}
