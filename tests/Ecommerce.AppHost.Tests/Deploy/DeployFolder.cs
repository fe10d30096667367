using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>The committed deploy tree, regenerating it from the AppHost, and building its overlays with kustomize.</summary>
internal static class DeployFolder
{
    public static string Repository { get; } = FindRepository();

    public static string Committed { get; } = Path.Combine(Repository, "deploy");

    /// <summary>
    /// Runs the README's publish command into <paramref name="output"/>, a folder beside deploy/ so that the manifest's
    /// relative project paths come out the same.
    /// </summary>
    public static async Task GenerateAsync(string output)
    {
        var (exitCode, text) = await RunAsync(Path.Combine(AppHostProject.OutputDirectory, "Ecommerce.AppHost"), AppHostProject.Directory, null,
            "--publisher", "manifest", "--step", "publish-deploy", "--output-path", output);
        Assert.True(exitCode == 0, $"The publish step failed:{Environment.NewLine}{text}");
    }

    public static async Task<List<JsonObject>> BuildOverlayAsync(string overlay) => YamlDocuments.Parse(await BuildOverlayTextAsync(overlay));

    public static async Task<string> BuildOverlayTextAsync(string overlay)
    {
        var (exitCode, text) = await RunAsync("kubectl", Repository, null, "kustomize", Path.Combine(Committed, "kubernetes", "overlays", overlay));
        Assert.True(exitCode == 0, $"kubectl kustomize {overlay} failed:{Environment.NewLine}{text}");
        return text;
    }

    /// <summary>
    /// Validates every object of a built-in kind against the Kubernetes API schemas (npm's kubernetes-models, installed
    /// by eng/setup.sh) and returns one line per object: "valid …", "invalid …: why" or "custom …".
    /// </summary>
    public static async Task<(bool Valid, string Report)> ValidateKubernetesKindsAsync(string yaml)
    {
        var validator = Path.Combine(Repository, "tests", "Ecommerce.AppHost.Tests", "Deploy", "Validator");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules")),
            $"The validator's packages are not installed: run eng/setup.sh (npm ci in {validator}).");
        var (exitCode, report) = await RunAsync("node", validator, yaml, "validate.mjs");
        return (exitCode == 0, report);
    }

    /// <summary>Properties of a project as MSBuild evaluates them (what <c>dotnet publish -t:PublishContainer</c> uses).</summary>
    public static async Task<Dictionary<string, string>> MsBuildPropertiesAsync(string project, params string[] names)
    {
        var (exitCode, text) = await RunAsync("dotnet", Repository, null, ["msbuild", project, .. names.Select(n => $"-getProperty:{n}")]);
        Assert.True(exitCode == 0, text);
        return JsonNode.Parse(text)!["Properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
    }

    public static IEnumerable<JsonObject> Documents(string relativeFolder) =>
        Directory.EnumerateFiles(Path.Combine(Committed, relativeFolder), "*.yaml", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .SelectMany(file => YamlDocuments.Parse(File.ReadAllText(file)));

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string workingDirectory, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await output) + (await error));
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ecommerce.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside the repository.");
    }
}
