var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume()
    .WithLocalProcessFallback();
var catalogDb = postgres.AddDatabase("catalogdb");
var ordersDb = postgres.AddDatabase("ordersdb");

var cache = builder.AddRedis("cache")
    .WithLocalProcessFallback();

// The services read only connection strings and service discovery (API.md's contract), so references inject only those.
const ReferenceEnvironmentInjectionFlags ServicesRead = ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery;

// A cluster runs at least two of each service (the deploy tree's autoscalers start there); a laptop runs one.
var replicas = builder.ExecutionContext.IsPublishMode ? 2 : 1;

var products = builder.AddProject<Projects.Products_Api>("products")
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(catalogDb)
    .WaitFor(catalogDb)
    .WithHttpHealthCheck("/health");

var carts = builder.AddProject<Projects.Carts_Api>("carts")
    .WithReferenceEnvironment(ServicesRead)
    .WithReplicas(replicas)
    .WithReference(cache)
    .WithReference(products)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

var orders = builder.AddProject<Projects.Orders_Api>("orders")
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
    .WithReferenceEnvironment(ServicesRead)
    .WithRoute("/products", products)
    .WithRoute("/carts", carts)
    .WithRoute("/orders", orders, timeout: TimeSpan.FromSeconds(30))
    .WaitFor(products)
    .WaitFor(carts)
    .WaitFor(orders)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.AddDeployTree();

builder.Build().Run();
