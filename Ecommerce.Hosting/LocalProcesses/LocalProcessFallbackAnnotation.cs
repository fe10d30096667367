using Aspire.Hosting.ApplicationModel;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>Marks a container resource that runs as <see cref="Process"/> when no container runtime answers.</summary>
public sealed class LocalProcessFallbackAnnotation(LocalServerResource process) : IResourceAnnotation
{
    public LocalServerResource Process { get; } = process;
}
