using System.Text.RegularExpressions;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Servers;

namespace Ecommerce.AppHost.Tests.Monitoring;

/// <summary>
/// The monitoring component's rules, checked by Prometheus' own promtool: valid, and each alert firing on synthetic
/// series that break its objective or limit and silent on series that meet it (ecommerce.rules.test.yaml).
/// </summary>
public sealed partial class RuleTests : IDisposable
{
    private static readonly string UnitTests = Path.Combine(BuildOutput.Repository, "tests", "Ecommerce.AppHost.Tests", "Monitoring", "ecommerce.rules.test.yaml");

    private readonly string _folder = ServerFolders.CreateTemporary("ecommerce-promtool-");

    [Fact]
    public async Task Promtool_finds_the_rules_valid()
    {
        var files = MonitoringComponent.WriteRuleFiles(_folder, everySecond: false);
        Assert.NotEmpty(files);

        var check = await Commands.RunAsync(PrometheusServer.Tool("promtool"), ["check", "rules", .. files], _folder);

        Assert.True(check.ExitCode == 0, check.Output + check.Error);
    }

    [Fact]
    public async Task Every_alert_fires_where_its_objective_is_broken_and_stays_silent_where_it_is_met()
    {
        MonitoringComponent.WriteRuleFiles(_folder, everySecond: false);
        File.Copy(UnitTests, Path.Combine(_folder, Path.GetFileName(UnitTests)));

        var test = await Commands.RunAsync(PrometheusServer.Tool("promtool"), ["test", "rules", Path.GetFileName(UnitTests)], _folder);

        Assert.True(test.ExitCode == 0, test.Output + test.Error);
    }

    [Fact]
    public void The_unit_tests_see_every_alert_fire()
    {
        var firing = ExpectedAlert().Matches(File.ReadAllText(UnitTests)).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(Alerts().Select(a => a.Name).Distinct().Order(), firing.Order());
    }

    [Fact]
    public void Every_alert_says_what_it_means_what_to_look_at_and_links_to_its_runbook_section()
    {
        var runbookText = File.ReadAllText(Path.Combine(BuildOutput.Repository, "docs", "operations.md"));
        var anchors = Heading().Matches(runbookText).Select(m => m.Groups[1].Value.Trim().ToLowerInvariant()).ToHashSet();
        foreach (var (name, annotations) in Alerts())
        {
            Assert.False(string.IsNullOrWhiteSpace(annotations["summary"]?.GetValue<string>()), name);
            Assert.Contains("Look at", annotations["description"]!.GetValue<string>());
            var runbook = new Uri(annotations["runbook_url"]!.GetValue<string>());
            Assert.EndsWith("/docs/operations.md", runbook.AbsolutePath);
            Assert.Equal(name.ToLowerInvariant(), runbook.Fragment.TrimStart('#'));
            Assert.True(anchors.Contains(name.ToLowerInvariant()), $"docs/operations.md has no runbook section '### {name}'.");
        }
    }

    private static IEnumerable<(string Name, System.Text.Json.Nodes.JsonObject Annotations)> Alerts() =>
        MonitoringComponent.Rules.SelectMany(rule => rule["spec"]!["groups"]!.AsArray())
            .SelectMany(group => group!["rules"]!.AsArray())
            .Where(rule => rule!["alert"] is not null)
            .Select(rule => (rule!["alert"]!.GetValue<string>(), rule["annotations"]!.AsObject()));

    [GeneratedRegex(@"alertname=""(\w+)""")]
    private static partial Regex ExpectedAlert();

    [GeneratedRegex(@"^###\s+(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
