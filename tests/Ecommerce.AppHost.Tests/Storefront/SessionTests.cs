using System.Net;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.TestSupport.Servers;
using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests.Storefront;

/// <summary>
/// A platform of its own whose access tokens live 20 seconds (the storefront refreshes them 5 seconds before they
/// expire), for what the shared one must not go through: waiting out a token, restarting the storefront, stopping a service.
/// </summary>
public sealed class ShortTokenPlatform : IAsyncLifetime
{
    private readonly string _dataDirectory = ServerFolders.CreateTemporary("ecommerce-apphost-sessions-");

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(20);

    public DistributedApplication App { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(PlatformFixture.StartTimeout);
        App = await PlatformFixture.StartAsync(_dataDirectory, withDashboard: false, timeout.Token, builder =>
        {
            builder.CreateResourceBuilder<ProjectResource>("identity").WithEnvironment("Identity__AccessTokenLifetime", AccessTokenLifetime.ToString("c"));
            builder.CreateResourceBuilder<ProjectResource>("storefront").WithEnvironment("Storefront__RefreshBeforeExpiry", "00:00:05");
        });
        using var gateway = App.CreateHttpClient("gateway");
        Gateway = gateway.BaseAddress!;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }
}

/// <remarks>In the platform's collection only to run after it, not beside it: two platforms starting at once on two cores crowd each other.</remarks>
[Collection(SharedPlatform.Name)]
public sealed class SessionTests(ShortTokenPlatform platform) : IClassFixture<ShortTokenPlatform>, IAsyncLifetime
{
    /// <summary>Past the token's lifetime and the 30 s of clock skew the services allow.</summary>
    private static readonly TimeSpan PastExpiry = ShortTokenPlatform.AccessTokenLifetime + TimeSpan.FromSeconds(35);

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task A_session_outlives_its_access_token_and_a_restart_of_the_storefront()
    {
        using var backOffice = await platform.App.BackOfficeAsync();
        var scarf = await new ShopCatalog(backOffice).AddAsync("Silk scarf", stock: 10);
        await using var shopper = await Shopper.OpenAsync(_browser, platform.Gateway);
        await shopper.GoAsync("/");
        await shopper.RegisterAsync();
        await shopper.AddToCartAsync(scarf, 1);

        await Task.Delay(PastExpiry, TestContext.Current.CancellationToken);
        var afterExpiry = await shopper.GoAsync("/cart");

        Assert.Equal((int)HttpStatusCode.OK, afterExpiry!.Status);
        await Assertions.Expect(shopper.Page.GetByLabel("Quantity of Silk scarf")).ToHaveValueAsync("1");

        // A new process holds no key in memory: the session is read with the key ring every replica shares.
        await platform.App.ResourceCommands.ExecuteCommandAsync("storefront", KnownResourceCommands.RestartCommand, TestContext.Current.CancellationToken);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("storefront", TestContext.Current.CancellationToken);
        var afterRestart = await shopper.GoAsync("/cart");

        Assert.Equal((int)HttpStatusCode.OK, afterRestart!.Status);
        await Assertions.Expect(shopper.Page.GetByLabel("Quantity of Silk scarf")).ToHaveValueAsync("1");
        await Assertions.Expect(shopper.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_service_that_is_down_is_the_try_again_page_and_then_the_page_again()
    {
        await using var shopper = await Shopper.OpenAsync(_browser, platform.Gateway);
        await shopper.GoAsync("/");
        await shopper.RegisterAsync();
        await platform.App.ResourceCommands.ExecuteCommandAsync("orders", KnownResourceCommands.StopCommand, TestContext.Current.CancellationToken);
        try
        {
            var down = await shopper.GoAsync("/my/orders");

            Assert.Equal((int)HttpStatusCode.ServiceUnavailable, down!.Status);
            Assert.Equal("5", down.Headers["retry-after"]);
            await Assertions.Expect(shopper.Page.GetByRole(AriaRole.Heading, new() { Name = "We could not load this page" })).ToBeVisibleAsync();
            Assert.DoesNotContain("Exception", await shopper.Page.ContentAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await platform.App.ResourceCommands.ExecuteCommandAsync("orders", KnownResourceCommands.StartCommand, CancellationToken.None);
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("orders", CancellationToken.None);
        }

        await shopper.Page.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
        await Assertions.Expect(shopper.Page.GetByRole(AriaRole.Heading, new() { Name = "Your orders" })).ToBeVisibleAsync();
    }
}
