using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// The image of each project as <c>dotnet publish -t:PublishContainer</c> names it: a registry (a host and, optionally,
/// a namespace in it), the repository in the project file, and a tag. The registry and tag are the deploy options'
/// (<c>Deploy:ImageRegistry</c>, <c>Deploy:ImageTag</c>) or else the ones the AppHost was built with
/// (Directory.Build.props' ImageRegistry and ContainerImageTag, handed over as assembly metadata).
/// </summary>
internal sealed partial class ContainerImages
{
    private readonly string _registry;
    private readonly string _tag;

    public ContainerImages(string registry, string tag)
    {
        if (!RegistryName().IsMatch(registry))
        {
            throw new DistributedApplicationException(
                $"'{registry}' is not an image registry: a lower-case host, optionally with a port and a namespace (ghcr.io/owner).");
        }

        if (!TagName().IsMatch(tag))
        {
            throw new DistributedApplicationException($"'{tag}' is not an image tag: letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'.");
        }

        (_registry, _tag) = (registry, tag);
    }

    public static ContainerImages Of(DeployTreeOptions options)
    {
        var metadata = (Assembly.GetEntryAssembly() ?? throw new InvalidOperationException("No entry assembly."))
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value);
        return new ContainerImages(
            NonEmpty(options.ImageRegistry) ?? NonEmpty(metadata.GetValueOrDefault("ImageRegistry"))
                ?? throw new DistributedApplicationException("No image registry: the AppHost was built without an ImageRegistry and Deploy:ImageRegistry is not set."),
            NonEmpty(options.ImageTag) ?? NonEmpty(metadata.GetValueOrDefault("ContainerImageTag"))
                ?? throw new DistributedApplicationException("No image tag: the AppHost was built without a ContainerImageTag and Deploy:ImageTag is not set."));
    }

    public string For(ProjectResource project)
    {
        var path = project.GetProjectMetadata().ProjectPath;
        var repository = XDocument.Load(path).Descendants("ContainerRepository").Select(e => e.Value.Trim()).LastOrDefault()
            ?? throw new DistributedApplicationException($"{Path.GetFileName(path)} names no ContainerRepository: its image would have no name to deploy.");
        return $"{_registry}/{repository}:{_tag}";
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Image references are lower case (the SDK lower-cases a repository it pushes; a cluster would pull another name).
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex RegistryName();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagName();
}
