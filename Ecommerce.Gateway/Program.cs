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
});

app.Run();
