using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>The committed deploy tree, regenerating it from the AppHost, and building its overlays with kustomize.</summary>
internal static class DeployFolder
{
    public static string Repository => BuildOutput.Repository;

    public static string Committed { get; } = Path.Combine(Repository, "deploy");

    /// <summary>
    /// Runs docs/deployment.md's publish command into <paramref name="output"/>, a folder beside deploy/ so that the manifest's
    /// relative project paths come out the same.
    /// </summary>
    public static async Task GenerateAsync(string output)
    {
        var publish = await Commands.RunAsync(Path.Combine(AppHostProject.OutputDirectory, "Ecommerce.AppHost"),
            ["--publisher", "manifest", "--step", "publish-deploy", "--output-path", output], AppHostProject.Directory);
        Assert.True(publish.ExitCode == 0, $"The publish step failed:{Environment.NewLine}{publish.Output}{publish.Error}");
    }

    /// <param name="overlay">dev or prod.</param>
    /// <param name="tree">A deploy tree's folder: the committed one unless given.</param>
    public static async Task<List<JsonObject>> BuildOverlayAsync(string overlay, string? tree = null) => YamlDocuments.Parse(await BuildOverlayTextAsync(overlay, tree));

    public static async Task<string> BuildOverlayTextAsync(string overlay, string? tree = null)
    {
        var build = await Commands.RunAsync("kubectl", ["kustomize", Path.Combine(tree ?? Committed, "kubernetes", "overlays", overlay)], Repository);
        Assert.True(build.ExitCode == 0, $"kubectl kustomize {overlay} failed:{Environment.NewLine}{build.Error}");
        return build.Output;
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
        var validation = await Commands.RunAsync("node", ["validate.mjs"], validator, input: yaml);
        return validation.ExitCode == 0 ? (true, validation.Output) : (false, validation.Output + validation.Error);
    }

    /// <summary>Properties of a project as MSBuild evaluates them (what <c>dotnet publish -t:PublishContainer</c> uses).</summary>
    public static async Task<Dictionary<string, string>> MsBuildPropertiesAsync(string project, params string[] names)
    {
        var evaluation = await Commands.RunAsync("dotnet", ["msbuild", project, .. names.Select(n => $"-getProperty:{n}")], Repository);
        Assert.True(evaluation.ExitCode == 0, evaluation.Output + evaluation.Error);
        return JsonNode.Parse(evaluation.Output)!["Properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
    }

    public static IEnumerable<JsonObject> Documents(string relativeFolder, string? tree = null) =>
        Directory.EnumerateFiles(Path.Combine(tree ?? Committed, relativeFolder), "*.yaml", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .SelectMany(file => YamlDocuments.Parse(File.ReadAllText(file)));
}
