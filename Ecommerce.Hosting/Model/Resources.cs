namespace Ecommerce.Hosting.Model;

/// <summary>A value the model needs and a deployment supplies; a secret one is generated when not given.</summary>
public sealed class ParameterResource(string name, bool secret, int minLength = 22, bool special = true) : Resource(name)
{
    public bool Secret { get; } = secret;

    public int MinLength { get; } = minLength;

    /// <summary>Whether a generated value may hold punctuation (Redis' cannot: its connection strings split on commas).</summary>
    public bool Special { get; } = special;
}

public sealed class PostgresServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public const int DefaultPort = 5432;
    public const string UserName = "postgres";

    public ParameterResource Password { get; } = password;

    public List<PostgresDatabaseResource> Databases { get; } = [];

    public EndpointAnnotation Endpoint => AnnotationsOf<EndpointAnnotation>().Single();
}

public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent) : Resource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;
}

public sealed class RedisResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public const int DefaultPort = 6379;

    public ParameterResource Password { get; } = password;

    public EndpointAnnotation Endpoint => AnnotationsOf<EndpointAnnotation>().Single();
}

/// <summary>A .NET project of the solution, run as a process locally and as a Deployment in Kubernetes.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name), IResourceWithEndpoints, IResourceWithEnvironment
{
    public IProjectMetadata Project { get; } = project;

    public IEnumerable<EndpointAnnotation> Endpoints => AnnotationsOf<EndpointAnnotation>();

    public int Replicas => AnnotationsOf<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
}

/// <summary>
/// The reverse proxy in front of the services. Its route table is part of the model, so the local gateway
/// (YARP) and the cluster's (Emissary Mappings) are both generated from it and cannot drift apart.
/// </summary>
public sealed class GatewayResource(string name) : Resource(name), IResourceWithEndpoints
{
    public List<GatewayRoute> Routes { get; } = [];

    public IEnumerable<EndpointAnnotation> Endpoints => AnnotationsOf<EndpointAnnotation>();
}

/// <summary>Requests whose path is <see cref="PathPrefix"/> or below it go, unchanged, to <see cref="Target"/>.</summary>
public sealed record GatewayRoute(string PathPrefix, ProjectResource Target, TimeSpan Timeout);

/// <summary>What <c>AddProject&lt;T&gt;</c> needs of a project: where it is.</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }
}
