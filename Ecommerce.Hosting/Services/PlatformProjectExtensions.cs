using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class PlatformProjectExtensions
{
    /// <summary>A cluster runs at least two of each service (the deploy tree's autoscalers start there); a laptop runs one.</summary>
    public const int ClusterReplicas = 2;

    /// <summary>The projects read only connection strings and service discovery, so references inject only those.</summary>
    private const ReferenceEnvironmentInjectionFlags ProjectsRead =
        ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery;

    /// <summary>
    /// A project of the platform as every one of them is declared: plain HTTP (the local run serves no TLS, so none asks
    /// for a development certificate and the dashboard warns of none), its meters for Prometheus on a port of their own,
    /// references that inject only what the projects read, ready when <c>/health</c> answers, and, when <paramref name="replicated"/>, two replicas in a cluster and one
    /// on a laptop.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformProject<TProject>(
        this IDistributedApplicationBuilder builder, string name, bool replicated = true) where TProject : IProjectMetadata, new()
    {
#pragma warning disable ASPIRECERTIFICATES001 // WithoutHttpsCertificate is experimental.
        var project = builder.AddProject<TProject>(name)
            .WithoutHttpsCertificate()
            .WithMetricsEndpoint()
            .WithReferenceEnvironment(ProjectsRead);
#pragma warning restore ASPIRECERTIFICATES001
        if (replicated)
        {
            project.WithReplicas(builder.ExecutionContext.IsPublishMode ? ClusterReplicas : 1);
        }

        return project.WithHttpHealthCheck("/health");
    }

    /// <summary>
    /// The project believes X-Forwarded-* headers (the scheme and host of its URLs depend on them) from the proxies of
    /// <paramref name="networks"/> alone, read from its <paramref name="section"/>'s <c>TrustedProxyNetworks</c>, rather
    /// than from any client, as ASPNETCORE_FORWARDEDHEADERS_ENABLED would.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTrustedProxies(
        this IResourceBuilder<ProjectResource> project, string section, IResourceBuilder<ParameterResource> networks) =>
        project
            .DisableForwardedHeaders()
            .WithEnvironment($"{section}__TrustedProxyNetworks__0", networks);

    /// <summary>
    /// In the local run, Products.Api fills an empty catalog with demo products and their pictures, so a newcomer who opens
    /// the shop sees a shop. Never in deploy/: a real shop's catalog starts empty.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalDemoCatalog(this IResourceBuilder<ProjectResource> products) =>
        products.ApplicationBuilder.ExecutionContext.IsRunMode ? products.WithEnvironment("Catalog__DemoData", "true") : products;

    /// <summary>A secret Aspire generates on the first run and keeps in the AppHost's user secrets (the cluster's Secret in deploy/).</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(
        this IDistributedApplicationBuilder builder, string name, GenerateParameterDefault? generate = null) =>
        builder.AddParameter(name, generate ?? new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>
    /// The project takes the tokens of <paramref name="identity"/>'s <paramref name="issuer"/> (the public origin every
    /// token names), checked with the keys of its discovery document, fetched through the reference.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithIdentity(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<ProjectResource> identity, EndpointReference issuer) =>
        project
            .WithReference(identity)
            .WithEnvironment("Authentication__Issuer", issuer);
}
