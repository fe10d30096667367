using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>
/// The repository's own CI and release workflows and Dependabot's configuration: valid for GitHub (SchemaStore's schemas,
/// in Deploy/Schemas),
/// each job with only the token permissions it needs, and every action pinned to a commit.
/// </summary>
public partial class WorkflowTests
{
    /// <summary>What each job's token may do, and nothing more: read the code, push images, push a branch and open its pull request.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Permissions = new()
    {
        ["ci.yml/test"] = new() { ["contents"] = "read" },
        ["release.yml/names"] = [],
        ["release.yml/tests"] = new() { ["contents"] = "read" },
        ["release.yml/images"] = new() { ["contents"] = "read", ["packages"] = "write" },
        ["release.yml/deploy-tree"] = new() { ["contents"] = "write", ["pull-requests"] = "write" },
    };

    [Fact]
    public async Task Every_workflow_is_valid_for_github_actions()
    {
        var files = Workflows.Files().Select(f => Path.GetFileName(f)).ToList();

        Assert.Equal(["ci.yml", "release.yml"], files);
        foreach (var file in files)
        {
            var (valid, report) = await Workflows.ValidateAsync("github-workflow.json", await File.ReadAllTextAsync(Path.Combine(Workflows.Folder, file)));
            Assert.True(valid, $"{file}: {report}");
            Assert.Equal("valid", report.Trim());
        }
    }

    [Theory]
    [InlineData("packages: write", "packages: push")]
    [InlineData("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04")]
    [InlineData("timeout-minutes: 120", "timeout-minutes: [120]")]
    public async Task A_workflow_that_github_would_refuse_is_found_invalid(string valid, string invalid)
    {
        var file = valid.StartsWith("timeout", StringComparison.Ordinal) ? "ci.yml" : "release.yml";
        var text = await File.ReadAllTextAsync(Path.Combine(Workflows.Folder, file));
        Assert.Contains(valid, text, StringComparison.Ordinal);

        var (isValid, report) = await Workflows.ValidateAsync("github-workflow.json", text.Replace(valid, invalid, StringComparison.Ordinal));

        Assert.False(isValid, report);
        Assert.StartsWith("invalid: ", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_job_has_its_own_least_permissions_and_a_workflow_grants_none()
    {
        var jobs = new Dictionary<string, Dictionary<string, string>>();
        foreach (var file in Workflows.Files().Select(f => Path.GetFileName(f)))
        {
            var workflow = Workflows.Read(file);
            Assert.True(workflow["permissions"] is JsonObject { Count: 0 }, $"{file} grants its jobs permissions: set them per job, and 'permissions: {{}}' at the top.");
            foreach (var (name, job) in workflow["jobs"]!.AsObject())
            {
                Assert.True(job!["permissions"] is JsonObject, $"{file}/{name} has no permissions of its own (it would get the repository's default token).");
                jobs[$"{file}/{name}"] = job["permissions"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
            }
        }

        Assert.Equal(Permissions.Keys.Order(StringComparer.Ordinal), jobs.Keys.Order(StringComparer.Ordinal));
        Assert.All(jobs, job => Assert.Equal(Permissions[job.Key].OrderBy(p => p.Key), job.Value.OrderBy(p => p.Key)));
    }

    [Fact]
    public void Every_action_is_pinned_to_a_full_commit_with_its_version_beside_it()
    {
        var pins = new Dictionary<string, HashSet<string>>();
        foreach (var file in Workflows.Files())
        {
            foreach (var line in File.ReadAllLines(file).Where(l => UsesLine().IsMatch(l)))
            {
                var uses = UsesLine().Match(line).Groups[1].Value;
                if (uses.StartsWith("./", StringComparison.Ordinal))
                {
                    continue;
                }

                var pin = PinnedAction().Match(uses);
                Assert.True(pin.Success, $"{Path.GetFileName(file)}: '{uses}' is not pinned to a 40-hex commit.");
                Assert.Matches(@"#\s*v\d+\.\d+\.\d+\s*$", line);
                pins.TryAdd(pin.Groups["action"].Value, []);
                pins[pin.Groups["action"].Value].Add(line[(line.IndexOf('@', StringComparison.Ordinal) + 1)..].Trim());
            }
        }

        Assert.Contains("actions/checkout", pins.Keys);
        Assert.All(pins, pin => Assert.True(pin.Value.Count == 1, $"{pin.Key} is pinned to more than one commit: {string.Join(", ", pin.Value)}"));
    }

    [Fact]
    public void Ci_runs_the_readmes_test_command_on_ubuntu_with_the_sdk_of_global_json_and_keeps_the_results_of_a_failure()
    {
        var workflow = Workflows.Read("ci.yml");
        var test = Workflows.Job("ci.yml", "test");
        var steps = Workflows.Steps(test).ToList();

        Assert.Equal(["pull_request", "push", "workflow_call"], workflow["on"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["**"], workflow["on"]!["push"]!["branches"]!.AsArray().Select(b => b!.GetValue<string>()));
        Assert.Equal("ubuntu-24.04", test["runs-on"]!.GetValue<string>());
        var setup = Assert.Single(steps, s => s["uses"]?.GetValue<string>().StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
        Assert.Equal("global.json", setup["with"]!["global-json-file"]!.GetValue<string>());
        Assert.Contains(steps, s => s["uses"]?.GetValue<string>().StartsWith("actions/cache@", StringComparison.Ordinal) == true
            && s["with"]!["path"]!.GetValue<string>().Contains(".nuget/packages", StringComparison.Ordinal));

        var run = Assert.Single(steps, s => s["run"]?.GetValue<string>().Contains("eng/test.sh", StringComparison.Ordinal) == true);
        var results = Regex.Match(run["run"]!.GetValue<string>(), @"--results-directory ""?\$GITHUB_WORKSPACE/([^""\s]+)").Groups[1].Value;
        Assert.Contains("--report-xunit-trx", run["run"]!.GetValue<string>(), StringComparison.Ordinal);
        var upload = Assert.Single(steps, s => s["uses"]?.GetValue<string>().StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.True(steps.IndexOf(upload) > steps.IndexOf(run));
        Assert.Equal("always()", upload["if"]!.GetValue<string>());
        Assert.Contains($"{results.TrimEnd('/')}/", upload["with"]!["path"]!.GetValue<string>().Split('\n').Select(p => p.Trim()));
    }

    [Fact]
    public async Task Dependabot_is_valid_and_updates_every_ecosystem_weekly_with_nuget_in_groups()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(DeployFolder.Repository, ".github", "dependabot.yml"));
        var configuration = Assert.Single(YamlDocuments.Parse(text));

        var (valid, report) = await Workflows.ValidateAsync("dependabot-2.0.json", text);
        Assert.True(valid, report);
        var (broken, _) = await Workflows.ValidateAsync("dependabot-2.0.json", text.Replace("interval: weekly", "interval: fortnightly", StringComparison.Ordinal));
        Assert.False(broken);
        var updates = configuration["updates"]!.AsArray().Select(u => u!.AsObject()).ToList();
        Assert.All(updates, u => Assert.Equal("weekly", u["schedule"]!["interval"]!.GetValue<string>()));

        var npmFolders = SourceFolders(DeployFolder.Repository).Where(f => File.Exists(Path.Combine(f, "package.json")))
            .Select(f => "/" + Path.GetRelativePath(DeployFolder.Repository, f))
            .Order(StringComparer.Ordinal);
        Assert.NotEmpty(npmFolders);
        Assert.Equal(npmFolders, updates.Where(u => Ecosystem(u) == "npm").Select(u => u["directory"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Single(updates, u => Ecosystem(u) == "github-actions" && u["directory"]!.GetValue<string>() == "/");

        var nuget = Assert.Single(updates, u => Ecosystem(u) == "nuget");
        Assert.Equal("/", nuget["directory"]!.GetValue<string>());
        var groups = nuget["groups"]!.AsObject().Select(g => (Name: g.Key, Patterns: g.Value!["patterns"]!.AsArray().Select(p => p!.GetValue<string>()).ToList())).ToList();

        // Dependabot puts a package in the first group that matches it.
        string GroupOf(string package) => groups.First(g => g.Patterns.Any(p => Regex.IsMatch(package, "^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal) + "$"))).Name;
        var packages = XDocument.Load(Path.Combine(DeployFolder.Repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .Select(p => p.Attribute("Include")!.Value).ToList();
        Assert.Contains(packages, p => p.StartsWith("OpenIddict.", StringComparison.Ordinal));
        Assert.All(packages.Where(p => p.StartsWith("Aspire.", StringComparison.Ordinal)), p => Assert.Equal("aspire", GroupOf(p)));
        Assert.All(packages.Where(p => p.StartsWith("OpenIddict.", StringComparison.Ordinal)), p => Assert.Equal("openiddict", GroupOf(p)));
        Assert.All(packages.Where(p => p.StartsWith("OpenTelemetry.", StringComparison.Ordinal)), p => Assert.Equal("opentelemetry", GroupOf(p)));
        Assert.Equal("nuget", GroupOf("Npgsql"));
        Assert.Equal("nuget", GroupOf("xunit.v3"));
    }

    /// <summary>The repository's folders, without what builds, tests and package managers leave in it.</summary>
    private static IEnumerable<string> SourceFolders(string folder) =>
        new[] { folder }.Concat(Directory.EnumerateDirectories(folder)
            .Where(d => Path.GetFileName(d) is not ("node_modules" or "bin" or "obj" or "TestResults") && !Path.GetFileName(d).StartsWith('.'))
            .SelectMany(SourceFolders));

    private static string Ecosystem(JsonObject update) => update["package-ecosystem"]!.GetValue<string>();

    [GeneratedRegex(@"^\s*(?:-\s*)?uses:\s*([^\s#]+)")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^(?<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)(/[^@]+)?@[0-9a-f]{40}$")]
    private static partial Regex PinnedAction();
}
