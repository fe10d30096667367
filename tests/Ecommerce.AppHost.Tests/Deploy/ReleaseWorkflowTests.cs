using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>
/// The release workflow closes the GitOps loop: the images it pushes are exactly the ones deploy/ runs, and the deploy/ it
/// regenerates for a version differs from the committed one only in those names and the repository Argo CD syncs from,
/// and still builds and validates.
/// </summary>
public class ReleaseWorkflowTests(ReleaseRun release) : IClassFixture<ReleaseRun>
{
    [Theory]
    [InlineData("v2.0.0", "Example", "ghcr.io/example", "2.0.0")]
    [InlineData("v1.4.0-rc.1", "ACME-Shops", "ghcr.io/acme-shops", "1.4.0-rc.1")]
    [InlineData("v3.0.1+build.7", "acme", "ghcr.io/acme", "3.0.1-build.7")]
    public async Task The_names_step_takes_the_version_from_the_tag_and_lower_cases_the_owner(string tag, string owner, string registry, string imageTag)
    {
        var names = await Workflows.RunStepAsync(Workflows.Job("release.yml", "names"), "Names", new Dictionary<string, string>(),
            new Dictionary<string, string>(ReleaseRun.GitHub) { ["GITHUB_REF_NAME"] = tag, ["GITHUB_REPOSITORY_OWNER"] = owner, ["GITHUB_REPOSITORY"] = $"{owner}/shop" });

        Assert.True(names.Result.ExitCode == 0, names.Result.Output + names.Result.Error);
        Assert.Equal(registry, names.Outputs["image-registry"]);
        Assert.Equal(imageTag, names.Outputs["image-tag"]);
        Assert.Equal($"https://github.com/{owner}/shop.git", names.Outputs["repository-url"]);
    }

    [Theory]
    [InlineData("v1.2")]
    [InlineData("vnext")]
    [InlineData("v1.2.3.4")]
    public async Task A_tag_that_is_not_a_version_releases_nothing(string tag)
    {
        var names = await Workflows.RunStepAsync(Workflows.Job("release.yml", "names"), "Names", new Dictionary<string, string>(),
            new Dictionary<string, string>(ReleaseRun.GitHub) { ["GITHUB_REF_NAME"] = tag });

        Assert.NotEqual(0, names.Result.ExitCode);
        Assert.Contains("is not a version tag", names.Result.Output, StringComparison.Ordinal);
        Assert.Empty(names.Outputs);
    }

    [Fact]
    public void The_release_runs_on_version_tags_publishes_only_what_passes_ci_and_opens_the_pull_request_after_every_image_is_pushed()
    {
        var workflow = Workflows.Read("release.yml");

        Assert.Equal(["v*.*.*"], workflow["on"]!["push"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(workflow["on"]!["push"]!["branches"]);
        // Nothing is published from a commit that fails CI: the images wait for the whole of it, run on the tag.
        Assert.Equal("./.github/workflows/ci.yml", Workflows.Job("release.yml", "tests")["uses"]!.GetValue<string>());
        Assert.True(Workflows.Read("ci.yml")["on"]!.AsObject().ContainsKey("workflow_call"));
        Assert.Equal(["names", "tests"], Workflows.Job("release.yml", "images")["needs"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["images", "names"], Workflows.Job("release.yml", "deploy-tree")["needs"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        var open = Workflows.Step(Workflows.Job("release.yml", "deploy-tree"), "Open the pull request")["run"]!.GetValue<string>();
        Assert.Contains("gh pr create", open, StringComparison.Ordinal);
        Assert.Contains("git add deploy Directory.Build.props Ecommerce.AppHost/appsettings.json", open, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pull_request_makes_the_release_names_the_defaults_so_that_once_merged_deploy_is_what_the_model_publishes()
    {
        string[] files = ["Directory.Build.props", "Ecommerce.AppHost/appsettings.json"];
        var copy = Directory.CreateTempSubdirectory("ecommerce-release-defaults-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(copy, "Ecommerce.AppHost"));
            foreach (var file in files)
            {
                File.Copy(Path.Combine(DeployFolder.Repository, file), Path.Combine(copy, file));
            }

            var step = await Workflows.RunStepAsync(
                Workflows.Job("release.yml", "deploy-tree"), "Make the release's names the defaults", release.Expressions(), ReleaseRun.GitHub, copy);

            Assert.True(step.Result.ExitCode == 0, step.Result.Output + step.Result.Error);
            var properties = XDocument.Load(Path.Combine(copy, files[0]));
            Assert.Equal(release.Names["image-registry"], properties.Descendants("ImageRegistry").Single().Value);
            Assert.Equal(release.Names["image-tag"], properties.Descendants("ContainerImageTag").Single().Value);
            var deploy = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, files[1])))!["Deploy"]!;
            Assert.Equal(release.Names["repository-url"], deploy["RepositoryUrl"]!.GetValue<string>());
            Assert.Equal(release.Expressions()["github.event.repository.default_branch"], deploy["TargetRevision"]!.GetValue<string>());

            // Those values and nothing else: each changed line is one of the four.
            var changed = files.SelectMany(file => File.ReadAllLines(Path.Combine(DeployFolder.Repository, file))
                .Zip(File.ReadAllLines(Path.Combine(copy, file))).Where(pair => pair.First != pair.Second).Select(pair => pair.Second.Trim())).ToList();
            Assert.Equal(files.Sum(file => File.ReadAllLines(Path.Combine(DeployFolder.Repository, file)).Length),
                files.Sum(file => File.ReadAllLines(Path.Combine(copy, file)).Length));
            Assert.All(changed, line => Assert.Matches("^(<ImageRegistry>|<ContainerImageTag>|\"RepositoryUrl\": |\"TargetRevision\": )", line));
            Assert.InRange(changed.Count, 3, 4);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task The_release_builds_an_image_for_every_service_deploy_runs_and_for_nothing_else()
    {
        var defaults = await DeployFolder.MsBuildPropertiesAsync("Ecommerce.AppHost", "ImageRegistry", "ContainerImageTag");
        var built = new List<string>();
        foreach (var project in MatrixProjects())
        {
            var properties = await DeployFolder.MsBuildPropertiesAsync(project, "ContainerRegistry", "ContainerRepository", "ContainerImageTag");
            built.Add($"{properties["ContainerRegistry"]}/{properties["ContainerRepository"]}:{properties["ContainerImageTag"]}");
        }

        var (ours, others) = Images(DeployFolder.Committed, defaults["ImageRegistry"]);

        Assert.Equal(ours.Order(StringComparer.Ordinal), built.Order(StringComparer.Ordinal));
        Assert.All(ours, image => Assert.EndsWith($":{defaults["ContainerImageTag"]}", image, StringComparison.Ordinal));
        Assert.Equal(ThirdPartyImages(DeployFolder.Committed), others.ToHashSet());
    }

    [Fact]
    public async Task The_regenerated_tree_differs_from_the_committed_one_only_in_image_references_and_repository()
    {
        var defaults = await DeployFolder.MsBuildPropertiesAsync("Ecommerce.AppHost", "ImageRegistry", "ContainerImageTag");
        Assert.Equal("ghcr.io/example", release.Names["image-registry"]);
        Assert.Equal("2.0.0", release.Names["image-tag"]);
        var committedUrl = Committed("argocd/application-dev.yaml")["spec"]!["source"]!["repoURL"]!.GetValue<string>();
        var releaseUrl = release.Names["repository-url"];
        Assert.Equal("https://github.com/Example/ecommerce.git", releaseUrl);

        var committed = Files(DeployFolder.Committed);
        var generated = Files(release.Tree);
        Assert.Equal(committed.Keys.Order(StringComparer.Ordinal), generated.Keys.Order(StringComparer.Ordinal));

        var images = new List<(string Committed, string Generated)>();
        var repositories = 0;
        var runbooks = 0;
        foreach (var (file, text) in committed)
        {
            var before = text.Split('\n');
            var after = generated[file].Split('\n');
            Assert.True(before.Length == after.Length, $"{file} has other lines than the committed one.");
            for (var i = 0; i < before.Length; i++)
            {
                if (before[i] == after[i])
                {
                    continue;
                }

                if (before[i].TrimStart().StartsWith("image: ", StringComparison.Ordinal))
                {
                    var image = (Committed: before[i].Trim()["image: ".Length..], Generated: after[i].Trim()["image: ".Length..]);
                    Assert.Equal(before[i].Replace(image.Committed, image.Generated, StringComparison.Ordinal), after[i]);
                    images.Add(image);
                }
                else if (before[i].TrimStart().StartsWith("runbook_url: ", StringComparison.Ordinal))
                {
                    // Each alert links to the runbook in docs/ of the repository the cluster syncs from.
                    Assert.Equal(before[i].Replace(WebAddress(committedUrl), WebAddress(releaseUrl), StringComparison.Ordinal), after[i]);
                    runbooks++;
                }
                else
                {
                    Assert.True(before[i].Replace(committedUrl, releaseUrl, StringComparison.Ordinal) == after[i],
                        $"{file}:{i + 1} differs in more than an image or the repository:{Environment.NewLine}- {before[i]}{Environment.NewLine}+ {after[i]}");
                    repositories++;
                }
            }
        }

        // The argocd/ project's one source repository, and each environment's Application.
        Assert.Equal(3, repositories);
        Assert.Equal(committed.Values.Sum(text => text.Split('\n').Count(line => line.TrimStart().StartsWith("runbook_url: ", StringComparison.Ordinal))), runbooks);
        Assert.NotEqual(0, runbooks);
        Assert.Equal(MatrixProjects().Count(), images.Count);
        Assert.All(images, image =>
        {
            Assert.StartsWith($"{defaults["ImageRegistry"]}/", image.Committed, StringComparison.Ordinal);
            Assert.EndsWith($":{defaults["ContainerImageTag"]}", image.Committed, StringComparison.Ordinal);
            var repository = image.Committed[(defaults["ImageRegistry"].Length + 1)..^(defaults["ContainerImageTag"].Length + 1)];
            Assert.Equal($"ghcr.io/example/{repository}:2.0.0", image.Generated);
        });
        Assert.DoesNotContain(generated, file => file.Value.Contains("your-org", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task The_regenerated_overlays_build_and_every_object_is_valid_for_its_kind(string overlay)
    {
        var yaml = await DeployFolder.BuildOverlayTextAsync(overlay, release.Tree);
        var documents = YamlDocuments.Parse(yaml);

        var (valid, report) = await DeployFolder.ValidateKubernetesKindsAsync(yaml);
        Assert.True(valid, report);
        Assert.Equal(documents.Count, report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var crds = new CrdSchemas("emissary-crds.yaml", "argocd-application-crd.yaml", "prometheus-operator-crds.yaml");
        var custom = documents.Where(d => !d["apiVersion"]!.GetValue<string>().Contains("k8s.io", StringComparison.Ordinal) && d["apiVersion"]!.GetValue<string>().Contains('.', StringComparison.Ordinal)).ToList();
        Assert.All(custom, d => Assert.Null(crds.Problems(d)));
        Assert.Contains(documents, d => d["kind"]!.GetValue<string>() == "Deployment"
            && d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == "ghcr.io/example/ecommerce/products-api:2.0.0");
        Assert.All(DeployFolder.Documents("argocd", release.Tree).Where(d => d["kind"]!.GetValue<string>() == "Application"), a => Assert.Null(crds.Problems(a)));
    }

    [Fact]
    public async Task The_release_pushes_each_image_the_regenerated_tree_runs_under_that_name_and_tagged_with_the_commit()
    {
        var pushed = new List<string>();
        foreach (var project in MatrixProjects())
        {
            var step = await Workflows.RunStepAsync(Workflows.Job("release.yml", "images"), "Build and push the image", release.Expressions(project), ReleaseRun.GitHub);
            Assert.True(step.Result.ExitCode == 0, step.Result.Output + step.Result.Error);
            var publish = Assert.Single(step.DotnetCalls);
            Assert.Equal(["publish", project], publish.Take(2));
            Assert.Contains("-t:PublishContainer", publish);

            // What PublishContainer would push, as the SDK computes it from the same properties, without a registry to push to.
            var configuration = publish[Array.IndexOf(publish, "-c") + 1];
            var evaluation = await Commands.RunAsync("dotnet",
                ["msbuild", project, "-t:ComputeContainerConfig", $"-p:Configuration={configuration}", .. publish.Where(a => a.StartsWith("-p:", StringComparison.Ordinal)),
                 "-getProperty:ContainerRegistry", "-getProperty:ContainerRepository", "-getItem:ContainerImageTags"],
                DeployFolder.Repository);
            Assert.True(evaluation.ExitCode == 0, evaluation.Output + evaluation.Error);
            var container = JsonNode.Parse(evaluation.Output)!;
            var name = $"{container["Properties"]!["ContainerRegistry"]}/{container["Properties"]!["ContainerRepository"]}";
            var tags = container["Items"]!["ContainerImageTags"]!.AsArray().Select(t => t!["Identity"]!.GetValue<string>()).ToList();

            Assert.Equal(new[] { "2.0.0", ReleaseRun.Commit }.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
            pushed.Add($"{name}:2.0.0");
        }

        var (runs, _) = Images(release.Tree, release.Names["image-registry"]);
        Assert.Equal(runs.Order(StringComparer.Ordinal), pushed.Order(StringComparer.Ordinal));
    }

    /// <summary>The projects the images job builds, one matrix entry each.</summary>
    private static IEnumerable<string> MatrixProjects() =>
        Workflows.Job("release.yml", "images")["strategy"]!["matrix"]!["project"]!.AsArray().Select(p => p!.GetValue<string>());

    /// <summary>Every image a workload of the tree runs: the ones under <paramref name="registry"/>, and the others.</summary>
    private static (List<string> Ours, List<string> Others) Images(string tree, string registry)
    {
        var images = DeployFolder.Documents("kubernetes/base", tree)
            .Where(d => d["kind"]!.GetValue<string>() is "Deployment" or "StatefulSet")
            .SelectMany(d => d["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Concat(d["spec"]!["template"]!["spec"]!["initContainers"]?.AsArray() ?? []))
            .Select(c => c!["image"]!.GetValue<string>())
            .ToList();
        var ours = images.Where(i => i.StartsWith(registry + "/", StringComparison.Ordinal)).ToList();
        return (ours, images.Except(ours).ToList());
    }

    /// <summary>The images no release builds: the app model's containers (Aspire's manifest) and Aspire's dashboard.</summary>
    private static HashSet<string> ThirdPartyImages(string tree)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(tree, "aspire-manifest.json")))!["resources"]!.AsObject();
        var containers = manifest.Select(r => r.Value!["image"]?.GetValue<string>()).OfType<string>();
        var dashboard = DeployFolder.Documents("kubernetes/base/aspire-dashboard", tree).Single(d => d["kind"]!.GetValue<string>() == "Deployment");
        return [.. containers, dashboard["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>()];
    }

    private static string WebAddress(string repositoryUrl) => repositoryUrl.EndsWith(".git", StringComparison.Ordinal) ? repositoryUrl[..^4] : repositoryUrl;

    private static JsonObject Committed(string file) => Assert.Single(YamlDocuments.Parse(File.ReadAllText(Path.Combine(DeployFolder.Committed, file))));

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(file => Path.GetRelativePath(root, file), File.ReadAllText);
}
