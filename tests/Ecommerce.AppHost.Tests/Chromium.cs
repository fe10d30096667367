using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests;

/// <summary>Debian's Chromium, headless, with nothing of its own that reaches for the network (the machines have none).</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>Where the browser tests leave their screenshots, beside the test assembly.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        return Path.Combine(folder, $"{name}.png");
    }
}
