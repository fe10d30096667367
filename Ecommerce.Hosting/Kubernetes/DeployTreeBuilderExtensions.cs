using System.Text.Json.Nodes;
using Aspire.Hosting.Pipelines;
using Ecommerce.Hosting.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aspire.Hosting;

public static class DeployTreeBuilderExtensions
{
    public const string StepName = "publish-deploy";

    /// <summary>
    /// Adds the <c>publish-deploy</c> step to Aspire's publishing pipeline: after Aspire's own manifest step it writes,
    /// beside the manifest, the Kubernetes (kustomize), Emissary-Ingress and Argo CD tree that a cluster syncs from git.
    /// Run it with <c>--publisher manifest --step publish-deploy --output-path deploy</c>; the <c>Deploy</c> section's
    /// settings can be given on that command line too (<c>--Deploy:ImageRegistry ghcr.io/owner --Deploy:ImageTag 2.0.0
    /// --Deploy:RepositoryUrl https://github.com/owner/ecommerce.git</c>).
    /// </summary>
    // Aspire 13's publishing pipeline is experimental (ASPIREPIPELINES001); it is the extension point its own
    // manifest step uses, and the one a step that must run after it joins.
#pragma warning disable ASPIREPIPELINES001
    public static IDistributedApplicationBuilder AddDeployTree(this IDistributedApplicationBuilder builder)
    {
        builder.Pipeline.AddStep(StepName, WriteAsync, dependsOn: "publish-manifest");
        builder.Services.AddSingleton<DeployTreeRun>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeployTreeRun>());
        return builder;
    }

    private static async Task WriteAsync(PipelineStepContext context)
    {
        var output = context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.OutputPath
            ?? throw new DistributedApplicationException("The deploy tree needs --output-path, the folder of the manifest.");
        var options = context.Services.GetRequiredService<IConfiguration>().GetSection("Deploy").Get<DeployTreeOptions>()
            ?? throw new DistributedApplicationException("The AppHost's configuration has no 'Deploy' section.");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "aspire-manifest.json"), context.CancellationToken))!.AsObject();

        foreach (var folder in DeployTree.Folders.Select(f => Path.Combine(output, f)).Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }

        var files = DeployTree.Files(manifest, context.Model, options, ContainerImages.Of(options));
        foreach (var (path, content) in files)
        {
            var file = Path.Combine(output, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content, context.CancellationToken);
        }

        context.Services.GetRequiredService<DeployTreeRun>().Written = true;
        context.Logger.LogInformation("Wrote {Count} files of the deploy tree to {Output}", files.Count, Path.GetFullPath(output));
    }
#pragma warning restore ASPIREPIPELINES001
}
