var builder = DistributedApplication.CreateBuilder(args);

// The local run is plain HTTP (the http launch profile): no resource serves TLS, so none asks for a development
// certificate, and the dashboard has no untrusted one to warn about. WithoutHttpsCertificate is experimental.
#pragma warning disable ASPIRECERTIFICATES001

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume()
    .WithLocalProcessFallback();
var catalogDb = postgres.AddDatabase("catalogdb");
var ordersDb = postgres.AddDatabase("ordersdb");

var cache = builder.AddRedis("cache")
    .WithoutHttpsCertificate()
    .WithLocalProcessFallback();

// The services read only connection strings and service discovery (API.md's contract), so references inject only those.
const ReferenceEnvironmentInjectionFlags ServicesRead = ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery;

// A cluster runs at least two of each service (the deploy tree's autoscalers start there); a laptop runs one.
var replicas = builder.ExecutionContext.IsPublishMode ? 2 : 1;

var products = builder.AddProject<Projects.Products_Api>("products")
    .WithoutHttpsCertificate()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(catalogDb)
    .WaitFor(catalogDb)
    .WithHttpHealthCheck("/health");

var carts = builder.AddProject<Projects.Carts_Api>("carts")
    .WithoutHttpsCertificate()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(cache)
    .WithReference(products)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

var orders = builder.AddProject<Projects.Orders_Api>("orders")
    .WithoutHttpsCertificate()
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(ordersDb)
    .WithReference(products)
    .WithReference(carts)
    .WaitFor(ordersDb)
    .WaitFor(products)
    .WaitFor(carts)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Ecommerce_Gateway>("gateway")
    .WithoutHttpsCertificate()
    .WithReferenceEnvironment(ServicesRead)
    .WithRoute("/products", products)
    .WithRoute("/carts", carts)
    .WithRoute("/orders", orders, timeout: TimeSpan.FromSeconds(30))
    .WaitFor(products)
    .WaitFor(carts)
    .WaitFor(orders)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

#pragma warning restore ASPIRECERTIFICATES001

builder.AddDeployTree();

builder.Build().Run();
