using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// Middleware that must run before routing in every service, registered from AddServiceDefaults so that
/// each Program.cs stays a list of what the service is rather than how HTTP is spoken.
/// </summary>
internal sealed class RequestPipelineStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(UntracedProbes);
        app.Use(RequestBodyLimit.InvokeAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(IgnoreTrailingSlash);
        next(app);
    };

    /// <summary>
    /// The orchestrator's probes come every few seconds: their requests are not traced (ConfigureOpenTelemetry filters
    /// them), and neither is what they do, or each database or Redis check would be a trace of its own in the dashboard.
    /// </summary>
    private static async Task UntracedProbes(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(HealthEndpoints.Health) &&
            !context.Request.Path.StartsWithSegments(HealthEndpoints.Alive))
        {
            await next(context);
            return;
        }

        using var suppressed = OpenTelemetry.SuppressInstrumentationScope.Begin();
        await next(context);
    }

    /// <summary><c>/products/</c> is <c>/products</c>, answered directly rather than redirected.</summary>
    private static Task IgnoreTrailingSlash(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (path is { Length: > 1 } && path.EndsWith('/'))
        {
            context.Request.Path = new PathString(path.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/");
        }

        return next(context);
    }
}
