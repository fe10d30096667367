using Microsoft.Playwright;

namespace Ecommerce.AppHost.Tests;

/// <summary>Chromium (Debian's, or Google Chrome on Ubuntu), headless, with nothing of its own that reaches for the network (the machines have none).</summary>
internal static class Chromium
{
    /// <summary>
    /// Debian's chromium package; on Ubuntu, whose chromium is a snap, a /usr/bin/chromium of its own (GitHub's runner
    /// images) or else Google Chrome: what eng/setup.sh installs or finds.
    /// </summary>
    private static readonly string[] Executables = ["/usr/bin/chromium", "/usr/bin/google-chrome"];

    private static string Executable() => Executables.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"No Chromium at {string.Join(" or ", Executables)}: run eng/setup.sh.");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Executable(),
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
