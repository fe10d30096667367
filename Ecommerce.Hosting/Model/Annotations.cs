namespace Ecommerce.Hosting.Model;

/// <summary>An endpoint a resource listens on. <see cref="Port"/> is the host port (null: any free one).</summary>
public sealed record EndpointAnnotation(string Name, string Scheme, int? Port, int TargetPort, bool IsExternal = false)
{
    public bool IsExternal { get; set; } = IsExternal;
}

/// <summary>The resource needs <see cref="Target"/>: as connection string or service endpoint.</summary>
public sealed record ReferenceAnnotation(Resource Target);

/// <summary>The resource starts only once <see cref="Target"/> is healthy.</summary>
public sealed record WaitAnnotation(Resource Target);

public sealed record EnvironmentAnnotation(string Name, string Value);

public sealed record ReplicaAnnotation(int Replicas);

/// <summary>Data that outlives a run: a named volume (containers) or a folder of the AppHost's (local binaries).</summary>
public sealed record DataVolumeAnnotation(string Name);
