using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// Before the app starts, decides once for the whole model: when the container runtime Aspire would use answers,
/// nothing changes; otherwise every container resource given a fallback gives its place in the model to its local
/// process (same name, redirected connection string).
/// </summary>
internal sealed class LocalProcessSubstitution(string appHostDirectory)
{
    private readonly List<LocalServerResource> _processes = [];

    public void Add(LocalServerResource process) => _processes.Add(process);

    public async Task OnBeforeStartAsync(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        var services = @event.Services;
        var configuration = services.GetRequiredService<IConfiguration>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalProcessSubstitution).FullName!);
        // Aspire's own choice of runtime (ASPIRE_CONTAINER_RUNTIME, or the one it detects) and its own check that the
        // engine answers; the runtime API is experimental (ASPIRECONTAINERRUNTIME001) and the only public way to ask.
#pragma warning disable ASPIRECONTAINERRUNTIME001
        var runtime = await services.GetRequiredService<IContainerRuntimeResolver>().ResolveAsync(cancellationToken);
        if (await runtime.CheckIfRunningAsync(cancellationToken))
        {
            return;
        }

        logger.LogInformation("No container runtime answers ({Runtime} is not running): {Resources} run as local processes.",
            runtime.Name, string.Join(", ", _processes.Select(p => p.Name)));
#pragma warning restore ASPIRECONTAINERRUNTIME001
        var missing = _processes.Where(p => !p.IsInstalled()).Select(p => p.Package).Distinct().ToList();
        await Prerequisites.EnsureAsync(missing, message => logger.LogInformation("{Message}", message), cancellationToken);

        var dataRoot = LocalRun.DataDirectory(configuration, appHostDirectory);
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        foreach (var process in _processes)
        {
            var container = process.Container;
            var (dataDirectory, keepsData) = DataDirectoryFor(container, dataRoot, appHostDirectory);
            process.TakePlaceOfContainer(dataDirectory, keepsData);

            var resources = @event.Model.Resources;
            resources[resources.IndexOf(container)] = process;
            container.Annotations.Add(new ConnectionStringRedirectAnnotation(process));
            RedirectWaits(resources, container, process);
            if (!keepsData)
            {
                lifetime.ApplicationStopped.Register(() => DeleteQuietly(dataDirectory));
            }
        }
    }

    /// <summary>
    /// <c>WaitFor(postgres)</c>, and <c>WaitFor(database)</c> which also waits for its server, wait for the process
    /// that actually runs: Aspire finds what it waits for by the instances DCP runs, and the container has none.
    /// </summary>
    private static void RedirectWaits(IEnumerable<IResource> resources, ContainerResource container, LocalServerResource process)
    {
        foreach (var resource in resources)
        {
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(wait => wait.Resource == container).ToList())
            {
                resource.Annotations.Remove(wait);
                resource.Annotations.Add(new WaitAnnotation(process, wait.WaitType, wait.ExitCode) { WaitBehavior = wait.WaitBehavior });
            }
        }
    }

    /// <summary>
    /// A named data volume becomes a folder of that name under the data root, and a bind mount its own folder: both
    /// outlive the run, as the container's data would. Without either the data lives only as long as the run.
    /// </summary>
    private static (string Path, bool KeepsData) DataDirectoryFor(ContainerResource container, string dataRoot, string appHostDirectory)
    {
        var mount = container.Annotations.OfType<ContainerMountAnnotation>().LastOrDefault(m => m.Source is not null);
        return mount switch
        {
            { Type: ContainerMountType.Volume } => (Path.GetFullPath(Path.Combine(dataRoot, mount.Source!)), true),
            { Type: ContainerMountType.BindMount } => (Path.GetFullPath(mount.Source!, appHostDirectory), true),
            _ => (Path.Combine(Path.GetTempPath(), $"ecommerce-{container.Name}-{Guid.NewGuid():N}"), false),
        };
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A server that has not let go of its files yet: the folder is under the temporary folder anyway.
        }
    }
}
