using Storefront.Authentication;
using Storefront.Components;
using Storefront.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddWebAppDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapStaticAssets();
app.MapAccountEndpoints();
app.MapRazorComponents<App>();
app.MapNotFoundFallback();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
