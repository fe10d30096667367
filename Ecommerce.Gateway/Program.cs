using Ecommerce.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddReverseProxy();

var app = builder.Build();

app.UseRequestTimeouts();
app.MapDefaultEndpoints();
app.MapReverseProxy(proxy =>
{
    proxy.UseChunkedBodyBuffering();
    proxy.UseForwarderErrorProblems();
    // Before load balancing, which narrows the destinations to the one it chose: a retry chooses among the others.
    proxy.UseRetryOnAnotherDestination();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
