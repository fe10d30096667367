var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume()
    .WithLocalProcessFallback();
var catalogDb = postgres.AddDatabase("catalogdb");
var ordersDb = postgres.AddDatabase("ordersdb");

var cache = builder.AddRedis("cache")
    .WithLocalProcessFallback();

var products = builder.AddProject<Projects.Products_Api>("products")
    .WithReference(catalogDb)
    .WaitFor(catalogDb)
    .WithHttpHealthCheck("/health");

var carts = builder.AddProject<Projects.Carts_Api>("carts")
    .WithReference(cache)
    .WithReference(products)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

var orders = builder.AddProject<Projects.Orders_Api>("orders")
    .WithReference(ordersDb)
    .WithReference(products)
    .WithReference(carts)
    .WaitFor(ordersDb)
    .WaitFor(products)
    .WaitFor(carts)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Ecommerce_Gateway>("gateway")
    .WithRoute("/products", products)
    .WithRoute("/carts", carts)
    .WithRoute("/orders", orders, timeout: TimeSpan.FromSeconds(30))
    .WaitFor(products)
    .WaitFor(carts)
    .WaitFor(orders)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
