using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.Gateway;

namespace Ecommerce.Hosting.Tests;

/// <summary>
/// The extensions the AppHost declares its resources with, checked on the app model they build: the annotations and
/// the environment each resource gets, in the local run and when publishing. Nothing is started.
/// </summary>
public class AppModelTests
{
    [Fact]
    public void A_platform_project_is_healthy_at_health_reads_only_what_it_needs_and_runs_once_on_a_laptop()
    {
        var builder = Model(publishing: false);

        var project = builder.AddPlatformProject<SomeProject>("products").Resource;

        Assert.Equal(1, project.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        Assert.Equal("/health", project.Annotations.OfType<HealthCheckAnnotation>().Single().Key.Split('_')[2]);
        var injected = project.Annotations.OfType<ReferenceEnvironmentInjectionAnnotation>().Single().Flags;
        Assert.Equal(ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery, injected);
    }

    [Fact]
    public void A_platform_project_runs_twice_in_a_cluster_unless_it_is_not_replicated()
    {
        var builder = Model(publishing: true);

        var service = builder.AddPlatformProject<SomeProject>("orders").Resource;
        var gateway = builder.AddPlatformProject<SomeProject>("gateway", replicated: false).Resource;

        Assert.Equal(PlatformProjectExtensions.ClusterReplicas, service.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        Assert.Empty(gateway.Annotations.OfType<ReplicaAnnotation>());
    }

    [Fact]
    public async Task A_project_with_identity_references_it_and_takes_the_tokens_of_the_issuer()
    {
        var builder = Model(publishing: false);
        var gateway = builder.AddPlatformProject<SomeProject>("gateway", replicated: false);
        var identity = builder.AddPlatformProject<SomeProject>("identity");

        var carts = builder.AddPlatformProject<SomeProject>("carts").WithIdentity(identity, gateway.GetEndpoint("http")).Resource;

        Assert.Contains(carts.Annotations.OfType<ResourceRelationshipAnnotation>(), relation => relation.Resource == identity.Resource);
        Assert.Contains("Authentication__Issuer", (await EnvironmentAsync(builder, carts, "Authentication__Issuer")).Keys);
    }

    [Fact]
    public async Task Routes_become_the_gateways_configuration_and_the_gateway_waits_once_for_each_target()
    {
        var builder = Model(publishing: false);
        var identity = builder.AddPlatformProject<SomeProject>("identity");
        var shop = builder.AddPlatformProject<SomeProject>("storefront");

        var gateway = builder.AddPlatformProject<SomeProject>("gateway", replicated: false)
            .WithRoute("/connect", identity)
            .WithRoute("/account", identity, timeout: TimeSpan.FromSeconds(5))
            .WithRoute("/", shop)
            .Resource;

        Assert.Equal(["/connect", "/account", "/"], gateway.Annotations.OfType<GatewayRouteAnnotation>().Select(route => route.PathPrefix));
        Assert.Equal([identity.Resource, shop.Resource], gateway.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource));
        var environment = await EnvironmentAsync(builder, gateway, "ReverseProxy__");
        var account = gateway.Annotations.OfType<GatewayRouteAnnotation>().Single(route => route.PathPrefix == "/account").RouteId;
        var root = gateway.Annotations.OfType<GatewayRouteAnnotation>().Single(route => route.IsCatchAll).RouteId;
        Assert.Equal("/account/{**rest}", environment[$"ReverseProxy__Routes__{account}__Match__Path"]);
        Assert.Equal("00:00:05", environment[$"ReverseProxy__Routes__{account}__Timeout"]);
        Assert.Equal("/{**rest}", environment[$"ReverseProxy__Routes__{root}__Match__Path"]);
        Assert.Equal("1000", environment[$"ReverseProxy__Routes__{root}__Order"]);
        Assert.Equal("http://identity", environment["ReverseProxy__Clusters__identity__Destinations__identity__Address"]);
    }

    [Theory]
    [InlineData("products")]
    [InlineData("/products/")]
    [InlineData("/products/{id}")]
    public void A_route_prefix_is_a_literal_path(string prefix)
    {
        var builder = Model(publishing: false);
        var products = builder.AddPlatformProject<SomeProject>("products");

        Assert.Throws<ArgumentException>(() => builder.AddPlatformProject<SomeProject>("gateway", replicated: false).WithRoute(prefix, products));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task The_demo_catalog_and_the_api_reference_pages_are_the_local_runs_only(bool publishing, bool expected)
    {
        var builder = Model(publishing);
        var identity = builder.AddPlatformProject<SomeProject>("identity").WithClientRedirects("api-reference", EndpointOf(builder), "/callback");
        var products = builder.AddPlatformProject<SomeProject>("products").WithHttpEndpoint().WithLocalDemoCatalog();

        identity.WithLocalApiReferencePages("api-reference", products);

        Assert.Equal(expected, (await EnvironmentAsync(builder, products.Resource, "Catalog__DemoData")).ContainsKey("Catalog__DemoData"));
        Assert.Equal(expected, (await EnvironmentAsync(builder, identity.Resource, "Identity__Clients__api-reference__RedirectUris__1")).Count == 1);
    }

    [Fact]
    public async Task A_clients_secret_and_redirects_are_identity_configuration()
    {
        var builder = Model(publishing: false);
        var secret = builder.AddGeneratedSecret("storefront-secret");

        var identity = builder.AddPlatformProject<SomeProject>("identity")
            .WithClientSecret("storefront", secret)
            .WithClientRedirects("storefront", EndpointOf(builder), "/signin-oidc", "/signout-callback-oidc")
            .Resource;

        var environment = await EnvironmentAsync(builder, identity, "Identity__Clients__storefront__");
        Assert.Equal(
            ["Identity__Clients__storefront__PostLogoutRedirectUris__0", "Identity__Clients__storefront__RedirectUris__0", "Identity__Clients__storefront__Secret"],
            environment.Keys.Order(StringComparer.Ordinal));
        Assert.EndsWith("/signin-oidc", environment["Identity__Clients__storefront__RedirectUris__0"], StringComparison.Ordinal);
        Assert.True(secret.Resource.Secret);
    }

    private static IDistributedApplicationBuilder Model(bool publishing) =>
        DistributedApplication.CreateBuilder(publishing ? ["--publisher", "manifest", "--output-path", Path.GetTempPath()] : []);

    /// <summary>A public origin with an allocated port, as the gateway's endpoint is once the run has started.</summary>
    private static EndpointReference EndpointOf(IDistributedApplicationBuilder builder)
    {
        var origin = builder.AddPlatformProject<SomeProject>("origin", replicated: false).WithHttpEndpoint().Resource;
        var endpoint = origin.Annotations.OfType<EndpointAnnotation>().First();
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 8080);
        return origin.GetEndpoint(endpoint.Name);
    }

    /// <summary>The environment the resource gets in the local run, the variables starting with <paramref name="prefixes"/>.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentAsync(
        IDistributedApplicationBuilder builder, ProjectResource resource, params string[] prefixes)
    {
        // Every endpoint gets a port, as the run gives them: an environment that names one waits for it until then.
        var port = 9000;
        foreach (var endpoint in builder.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()).Where(endpoint => endpoint.AllocatedEndpoint is null))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port++);
        }

        // Aspire's own evaluation of the environment callbacks, as a run would; its replacement needs a built application.
#pragma warning disable CS0618
        var values = await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
#pragma warning restore CS0618
        return values.Where(pair => prefixes.Any(prefix => pair.Key.StartsWith(prefix, StringComparison.Ordinal))).ToDictionary();
    }

    /// <summary>A project of the repository (Aspire reads its launch settings); which one does not matter to the model.</summary>
    private sealed class SomeProject : IProjectMetadata
    {
        public string ProjectPath => Path.Combine(Ecommerce.TestSupport.BuildOutput.Repository, "Carts.Api", "Carts.Api.csproj");
    }
}
