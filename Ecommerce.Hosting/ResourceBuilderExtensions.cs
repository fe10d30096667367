using Ecommerce.Hosting.Model;

namespace Ecommerce.Hosting;

/// <summary>The calls an Aspire AppHost is written with, under the same names and with the same meaning.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret));

    public static IResourceBuilder<PostgresServerResource> AddPostgres(
        this DistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        var secret = password?.Resource ?? builder.AddResource(new ParameterResource($"{name}-password", secret: true)).Resource;
        var server = builder.AddResource(new PostgresServerResource(name, secret));
        server.Resource.Annotations.Add(new EndpointAnnotation("tcp", "tcp", port, PostgresServerResource.DefaultPort));
        return server;
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(
        this DistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        // StackExchange.Redis reads commas in a connection string as separators: no punctuation in a generated password.
        var secret = password?.Resource ?? builder.AddResource(new ParameterResource($"{name}-password", secret: true, special: false)).Resource;
        var redis = builder.AddResource(new RedisResource(name, secret));
        redis.Resource.Annotations.Add(new EndpointAnnotation("tcp", "tcp", port, RedisResource.DefaultPort));
        return redis;
    }

    /// <summary>Keeps the resource's data between runs.</summary>
    public static IResourceBuilder<T> WithDataVolume<T>(this IResourceBuilder<T> builder, string? name = null) where T : Resource
    {
        builder.Resource.Annotations.Add(new DataVolumeAnnotation(name ?? $"ecommerce-{builder.Resource.Name}-data"));
        return builder;
    }

    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var project = builder.AddResource(new ProjectResource(name, new TProject()));

        // In a container the service listens on 8080 (HTTP_PORTS); locally on a free port unless one is given.
        project.Resource.Annotations.Add(new EndpointAnnotation("http", "http", Port: null, TargetPort: 8080));
        return project;
    }

    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string name = "http")
        where T : Resource, IResourceWithEndpoints
    {
        builder.Resource.Annotations.RemoveAll(a => a is EndpointAnnotation e && e.Name == name);
        builder.Resource.Annotations.Add(new EndpointAnnotation(name, "http", port, targetPort ?? 8080));
        return builder;
    }

    /// <summary>Marks the HTTP endpoints as reachable from outside the cluster (an ingress route in Kubernetes).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder) where T : Resource, IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.Endpoints.Where(e => e.Scheme == "http"))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Annotations.Add(new ReplicaAnnotation(replicas));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new EnvironmentAnnotation(name, value));
        return builder;
    }

    /// <summary>Gives the resource <c>ConnectionStrings__{name}</c> of a database, a server or a cache.</summary>
    public static IResourceBuilder<T> WithReference<T, TSource>(this IResourceBuilder<T> builder, IResourceBuilder<TSource> source)
        where T : Resource, IResourceWithEnvironment
        where TSource : Resource, IResourceWithConnectionString
    {
        builder.Resource.Annotations.Add(new ReferenceAnnotation(source.Resource));
        return builder;
    }

    /// <summary>Gives the resource <c>services__{name}__http__N</c>, which service discovery resolves <c>http://{name}</c> from.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> service)
        where T : Resource, IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new ReferenceAnnotation(service.Resource));
        return builder;
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        builder.Resource.Annotations.Add(new WaitAnnotation(dependency.Resource));
        return builder;
    }
}
