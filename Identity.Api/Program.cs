using Identity.Api.Apis;
using Identity.Api.Extensions;
using Identity.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseBrowserClientOrigins();
app.UseRateLimiter();
app.UseInputLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapShopStylesheet();
app.MapConnectApi();
app.MapRazorPages();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
