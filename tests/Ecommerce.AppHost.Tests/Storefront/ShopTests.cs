using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests.Storefront;

/// <summary>Tests of the shop's pages on the shared platform: a Chromium, and the back office's token to set a catalog up.</summary>
public abstract class ShopTests(PlatformFixture platform) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected PlatformFixture Platform { get; } = platform;

    protected IBrowser Browser { get; private set; } = null!;

    protected GatewayCaller BackOffice { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        BackOffice = await Platform.App.BackOfficeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        BackOffice.Dispose();
        await Browser.DisposeAsync();
        _playwright.Dispose();
        GC.SuppressFinalize(this);
    }
}
