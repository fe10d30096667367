var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume();
var catalogDb = postgres.AddDatabase("catalogdb");
var ordersDb = postgres.AddDatabase("ordersdb");

var cache = builder.AddRedis("cache");

var products = builder.AddProject<Projects.Products_Api>("products")
    .WithHttpEndpoint(port: 8001)
    .WithReference(catalogDb)
    .WaitFor(catalogDb);

var carts = builder.AddProject<Projects.Carts_Api>("carts")
    .WithHttpEndpoint(port: 8002)
    .WithReference(cache)
    .WithReference(products)
    .WaitFor(cache);

var orders = builder.AddProject<Projects.Orders_Api>("orders")
    .WithHttpEndpoint(port: 8003)
    .WithReference(ordersDb)
    .WithReference(products)
    .WithReference(carts)
    .WaitFor(ordersDb)
    .WaitFor(products)
    .WaitFor(carts);

builder.AddYarp("gateway")
    .WithHostPort(8080)
    .WithExternalHttpEndpoints()
    .WithRoute("/products", products)
    .WithRoute("/carts", carts)
    .WithRoute("/orders", orders);

builder.Build().Run();

/// <summary>The entry point, for the testing entry to start this very model.</summary>
public partial class Program;
