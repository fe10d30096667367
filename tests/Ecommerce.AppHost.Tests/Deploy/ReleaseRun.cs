using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>
/// The release workflow as a tag v2.0.0 of the repository Example/ecommerce runs it, up to what needs GitHub: its names
/// step, then its deploy-tree job's regeneration, whose AppHost command runs for real into a folder beside deploy/ (so
/// that the manifest's relative project paths come out the same) instead of deploy/ itself.
/// </summary>
public sealed class ReleaseRun : IAsyncLifetime
{
    public const string Tag = "v2.0.0";
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    public static readonly Dictionary<string, string> GitHub = new()
    {
        ["GITHUB_REF_NAME"] = Tag,
        ["GITHUB_REPOSITORY_OWNER"] = "Example",
        ["GITHUB_REPOSITORY"] = "Example/ecommerce",
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_SHA"] = Commit,
    };

    public string Tree { get; } = Path.Combine(DeployFolder.Repository, ".deploy-release-check");

    /// <summary>The names step's outputs: image-registry, image-tag, repository-url.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>The values of the expressions the images and deploy-tree jobs use, for <paramref name="project"/>'s matrix entry.</summary>
    public Dictionary<string, string> Expressions(string project = "") => new()
    {
        ["needs.names.outputs.image-registry"] = Names["image-registry"],
        ["needs.names.outputs.image-tag"] = Names["image-tag"],
        ["needs.names.outputs.repository-url"] = Names["repository-url"],
        ["github.event.repository.default_branch"] = "main",
        ["github.actor"] = "example-bot",
        ["secrets.GITHUB_TOKEN"] = "not-a-token",
        ["matrix.project"] = project,
    };

    public async ValueTask InitializeAsync()
    {
        var names = await Workflows.RunStepAsync(Workflows.Job("release.yml", "names"), "Names", new Dictionary<string, string>(), GitHub);
        Assert.True(names.Result.ExitCode == 0, names.Result.Output + names.Result.Error);
        Names = names.Outputs;

        var regenerate = await Workflows.RunStepAsync(Workflows.Job("release.yml", "deploy-tree"), "Regenerate deploy/", Expressions(), GitHub);
        Assert.True(regenerate.Result.ExitCode == 0, regenerate.Result.Output + regenerate.Result.Error);
        Assert.Equal(2, regenerate.DotnetCalls.Count);
        Assert.Equal(["build", "Ecommerce.AppHost"], regenerate.DotnetCalls[0].Take(2));
        var run = regenerate.DotnetCalls[1];
        Assert.Equal(["run", "--project", "Ecommerce.AppHost", "--no-build", "--"], run.Take(5));

        // The AppHost's own arguments, with the tree written here instead of deploy/ (which --output-path names relative
        // to the AppHost's folder).
        var arguments = run.Skip(5).ToList();
        var output = arguments.IndexOf("--output-path") + 1;
        Assert.Equal(DeployFolder.Committed, Path.GetFullPath(Path.Combine(AppHostProject.Directory, arguments[output])));
        arguments[output] = Tree;

        if (Directory.Exists(Tree))
        {
            Directory.Delete(Tree, recursive: true);
        }

        var publish = await Commands.RunAsync(Path.Combine(AppHostProject.OutputDirectory, "Ecommerce.AppHost"), arguments, AppHostProject.Directory);
        Assert.True(publish.ExitCode == 0, $"The release's publish step failed:{Environment.NewLine}{publish.Output}{publish.Error}");
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(Tree))
        {
            Directory.Delete(Tree, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
