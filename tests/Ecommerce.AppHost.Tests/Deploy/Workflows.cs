using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecommerce.TestSupport;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>
/// The repository's GitHub workflows (.github/workflows) and Dependabot's configuration, read as GitHub reads them, and
/// a step's script run here with bash as a runner runs it, with GitHub's variables and the job's expressions given.
/// </summary>
internal static partial class Workflows
{
    public static string Folder { get; } = Path.Combine(DeployFolder.Repository, ".github", "workflows");

    public static IEnumerable<string> Files() => Directory.EnumerateFiles(Folder).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    public static JsonObject Read(string file) => Assert.Single(YamlDocuments.Parse(File.ReadAllText(Path.Combine(Folder, file))));

    public static JsonObject Job(string file, string job) => Read(file)["jobs"]![job]!.AsObject();

    public static IEnumerable<JsonObject> Steps(JsonObject job) => job["steps"]!.AsArray().Select(s => s!.AsObject());

    public static JsonObject Step(JsonObject job, string name) => Assert.Single(Steps(job), s => s["name"]?.GetValue<string>() == name);

    /// <summary>
    /// Runs a step's script with bash as GitHub's runner does (<c>bash --noprofile --norc -eo pipefail</c>), with the job's
    /// and the step's env (each <c>${{ … }}</c> replaced by its value in <paramref name="expressions"/>; one it does not
    /// name fails the test) and <paramref name="variables"/> (GitHub's own, such as GITHUB_REF_NAME). Every <c>dotnet</c>
    /// the script calls is recorded instead of run; <see cref="StepRun.DotnetCalls"/> has their arguments. It runs in the
    /// repository, or in <paramref name="workingDirectory"/> for a step that edits files.
    /// </summary>
    public static async Task<StepRun> RunStepAsync(
        JsonObject job, string step, IReadOnlyDictionary<string, string> expressions, IReadOnlyDictionary<string, string> variables, string? workingDirectory = null)
    {
        var definition = Step(job, step);
        var folder = Directory.CreateTempSubdirectory("ecommerce-workflow-step-").FullName;
        try
        {
            var calls = Directory.CreateDirectory(Path.Combine(folder, "dotnet-calls")).FullName;
            var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
            var dotnet = Path.Combine(bin, "dotnet");
            await File.WriteAllTextAsync(dotnet, "#!/usr/bin/env bash\nprintf '%s\\0' \"$@\" > \"$DOTNET_CALLS/$(ls \"$DOTNET_CALLS\" | wc -l)\"\n");
            File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var output = Path.Combine(folder, "github-output");
            await File.WriteAllTextAsync(output, "");

            var environment = new Dictionary<string, string>
            {
                ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
                ["DOTNET_CALLS"] = calls,
                ["GITHUB_OUTPUT"] = output,
            };
            foreach (var env in new[] { job["env"], definition["env"] }.OfType<JsonObject>())
            {
                foreach (var (name, value) in env)
                {
                    environment[name] = Evaluate(value!.ToString(), expressions);
                }
            }

            foreach (var (name, value) in variables)
            {
                environment[name] = value;
            }

            var script = definition["run"]!.GetValue<string>();
            var run = await Commands.RunAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], workingDirectory ?? DeployFolder.Repository, environment: environment);
            var outputs = (await File.ReadAllLinesAsync(output)).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var dotnetCalls = Directory.EnumerateFiles(calls).OrderBy(f => int.Parse(Path.GetFileName(f), System.Globalization.CultureInfo.InvariantCulture))
                .Select(f => File.ReadAllText(f).Split('\0', StringSplitOptions.RemoveEmptyEntries)).ToList();
            return new StepRun(run, outputs, dotnetCalls);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A value with its <c>${{ expression }}</c>s replaced; an expression not in <paramref name="expressions"/> fails the test.</summary>
    public static string Evaluate(string value, IReadOnlyDictionary<string, string> expressions) =>
        Expression().Replace(value, match =>
        {
            var expression = match.Groups[1].Value.Trim();
            Assert.True(expressions.TryGetValue(expression, out var result), $"The test gives no value for ${{{{ {expression} }}}}.");
            return result!;
        });

    /// <summary>
    /// GitHub-hosted runner labels newer than the stored SchemaStore workflow schema (2022), which lists the labels of
    /// its day: they are added to its list of labels before a workflow is validated, and nothing else of it changes.
    /// </summary>
    private static readonly string[] NewerRunnerLabels = ["ubuntu-24.04"];

    /// <summary>
    /// Validates YAML documents against a JSON schema (draft-07) in Deploy/Schemas with the deploy tree's validator
    /// (Ajv, installed by eng/setup.sh): one line per document, "valid" or "invalid: …".
    /// </summary>
    public static async Task<(bool Valid, string Report)> ValidateAsync(string schemaFile, string yaml)
    {
        var validator = Path.Combine(DeployFolder.Repository, "tests", "Ecommerce.AppHost.Tests", "Deploy", "Validator");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules")),
            $"The validator's packages are not installed: run eng/setup.sh (npm ci in {validator}).");
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(CrdSchemas.SchemaFile(schemaFile)))!;
        if (schemaFile == "github-workflow.json")
        {
            var labels = Nodes(schema).OfType<JsonObject>().Select(o => o["enum"]).OfType<JsonArray>()
                .Where(e => e.Any(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == "ubuntu-latest")).ToList();
            Assert.NotEmpty(labels);
            labels.ForEach(list => NewerRunnerLabels.ToList().ForEach(label => list.Add(label)));
        }

        var file = Path.Combine(Path.GetTempPath(), $"ecommerce-schema-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, schema.ToJsonString());
        try
        {
            var validation = await Commands.RunAsync("node", ["validate-schema.mjs", file], validator, input: yaml);
            return (validation.ExitCode == 0, validation.Output + validation.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode node) => node switch
    {
        JsonObject o => [o, .. o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Nodes)],
        JsonArray a => [a, .. a.OfType<JsonNode>().SelectMany(Nodes)],
        _ => [node],
    };

    [GeneratedRegex(@"\$\{\{(.*?)\}\}")]
    private static partial Regex Expression();
}

/// <summary>How a step's script ended, what it wrote to GITHUB_OUTPUT, and the arguments of each dotnet it called.</summary>
internal sealed record StepRun(CommandResult Result, IReadOnlyDictionary<string, string> Outputs, IReadOnlyList<string[]> DotnetCalls);
