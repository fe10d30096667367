using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// A run asked for the <c>publish-deploy</c> step exits with 1 unless the step wrote the tree: a step that fails (this
/// one, or Aspire's manifest step before it) is only logged by the pipeline, and the AppHost would otherwise exit with
/// 0, so a script or workflow would go on with a tree that was never written.
/// </summary>
// Aspire 13's publishing pipeline options are experimental (ASPIREPIPELINES001).
#pragma warning disable ASPIREPIPELINES001
internal sealed class DeployTreeRun(IOptions<PipelineOptions> pipeline) : IHostedService
{
    public bool Written { get; set; }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (pipeline.Value.Step == Aspire.Hosting.DeployTreeBuilderExtensions.StepName && !Written)
        {
            Environment.ExitCode = 1;
        }

        return Task.CompletedTask;
    }
}
#pragma warning restore ASPIREPIPELINES001
