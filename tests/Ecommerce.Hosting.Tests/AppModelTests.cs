using Ecommerce.Hosting.Local;
using Ecommerce.Hosting.Model;

namespace Ecommerce.Hosting.Tests;

public class AppModelTests
{
    private readonly DistributedApplicationBuilder _builder = DistributedApplication.CreateBuilder([]);

    [Fact]
    public void A_project_listens_on_http_and_with_http_endpoint_replaces_the_port()
    {
        var project = _builder.AddProject<TestProject>("products").WithHttpEndpoint(port: 8001).WithReplicas(3).WithExternalHttpEndpoints();

        var endpoint = Assert.Single(project.Resource.Endpoints);
        Assert.Equal(("http", 8001, 8080, true), (endpoint.Name, endpoint.Port, endpoint.TargetPort, endpoint.IsExternal));
        Assert.Equal(3, project.Resource.Replicas);
    }

    [Fact]
    public void Databases_belong_to_their_server_and_secrets_are_parameters()
    {
        var postgres = _builder.AddPostgres("postgres");
        var catalog = postgres.AddDatabase("catalogdb");
        var cache = _builder.AddRedis("cache");

        Assert.Same(postgres.Resource, catalog.Resource.Parent);
        Assert.Equal([catalog.Resource], postgres.Resource.Databases);
        Assert.True(postgres.Resource.Password.Secret);
        Assert.False(cache.Resource.Password.Special);
        Assert.Contains(_builder.Resources, r => r.Name == "postgres-password");
    }

    [Fact]
    public void References_and_waits_are_recorded_for_the_runner_and_the_publishers()
    {
        var db = _builder.AddPostgres("postgres").AddDatabase("ordersdb");
        var products = _builder.AddProject<TestProject>("products");
        var orders = _builder.AddProject<TestProject>("orders").WithReference(db).WithReference(products).WaitFor(db);

        Assert.Equal<Resource>([db.Resource, products.Resource], orders.Resource.AnnotationsOf<ReferenceAnnotation>().Select(r => r.Target));
        Assert.Equal<Resource>([db.Resource], orders.Resource.AnnotationsOf<WaitAnnotation>().Select(w => w.Target));
    }

    [Fact]
    public void Gateway_routes_wait_for_their_services_and_refuse_a_malformed_prefix()
    {
        var products = _builder.AddProject<TestProject>("products");
        var gateway = _builder.AddYarp("gateway").WithHostPort(8080).WithRoute("/products", products);

        Assert.Equal("/products", Assert.Single(gateway.Resource.Routes).PathPrefix);
        Assert.Contains(gateway.Resource.AnnotationsOf<WaitAnnotation>(), w => w.Target == products.Resource);
        Assert.Throws<ArgumentException>(() => gateway.WithRoute("/products/", products));
        Assert.Throws<ArgumentException>(() => gateway.WithRoute("products", products));
    }

    [Theory]
    [InlineData("Products")]
    [InlineData("1st")]
    [InlineData("with space")]
    [InlineData("")]
    public void Resource_names_are_lowercase_dns_labels(string name)
    {
        Assert.Throws<ArgumentException>(() => _builder.AddProject<TestProject>(name));
    }

    [Fact]
    public void A_name_is_declared_once()
    {
        _builder.AddRedis("cache");

        Assert.Throws<InvalidOperationException>(() => _builder.AddRedis("cache"));
    }

    [Fact]
    public async Task A_declared_port_that_is_taken_stops_the_run_before_anything_starts_and_says_which()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        _builder.AddYarp("gateway").WithHostPort(port);
        await using var runner = new LocalRunner(new ApplicationModel(_builder.Resources), new AppHostOptions { WriteConsole = false, DataDirectory = Path.GetTempPath() });

        var error = await Assert.ThrowsAsync<HostingException>(() => runner.StartAsync(CancellationToken.None));

        Assert.Contains($"Port {port} (gateway) is already in use", error.Message, StringComparison.Ordinal);
    }

    private sealed class TestProject : IProjectMetadata
    {
        public string ProjectPath => "/src/Test.Api/Test.Api.csproj";
    }
}
