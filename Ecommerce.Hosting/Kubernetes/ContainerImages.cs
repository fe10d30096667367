using System.Reflection;
using System.Xml.Linq;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// The image of each project as <c>dotnet publish -t:PublishContainer</c> names it: the registry and tag the AppHost
/// was built with (Directory.Build.props, handed over as assembly metadata) and the repository in the project file.
/// </summary>
internal sealed class ContainerImages(string registry, string tag)
{
    public static ContainerImages OfAppHost()
    {
        var metadata = (Assembly.GetEntryAssembly() ?? throw new InvalidOperationException("No entry assembly."))
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value);
        return new ContainerImages(
            metadata.GetValueOrDefault("ContainerRegistry") ?? throw new DistributedApplicationException("The AppHost was built without a ContainerRegistry."),
            metadata.GetValueOrDefault("ContainerImageTag") ?? throw new DistributedApplicationException("The AppHost was built without a ContainerImageTag."));
    }

    public string For(ProjectResource project)
    {
        var path = project.GetProjectMetadata().ProjectPath;
        var repository = XDocument.Load(path).Descendants("ContainerRepository").Select(e => e.Value.Trim()).LastOrDefault()
            ?? throw new DistributedApplicationException($"{Path.GetFileName(path)} names no ContainerRepository: its image would have no name to deploy.");
        return $"{registry}/{repository}:{tag}";
    }
}
