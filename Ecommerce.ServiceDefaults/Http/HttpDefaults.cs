using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.ServiceDefaults.Http;

internal static class HttpDefaults
{
    public static IServiceCollection AddHttpDefaults(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

        // Binding failures (malformed JSON, wrong content type) become exceptions that ProblemExceptionHandler
        // turns into problem details with the reason, instead of bare status codes.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= DefaultProblemDetails.For(context.HttpContext,
                context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            // ASP.NET Core names a type for the statuses of RFC 9110 only; 429 is RFC 6585's.
            context.ProblemDetails.Type ??= context.ProblemDetails.Status == StatusCodes.Status429TooManyRequests
                ? "https://tools.ietf.org/html/rfc6585#section-4"
                : null;
            context.ProblemDetails.Extensions.Remove("traceId");
            context.ProblemDetails.Extensions["trace_id"] =
                Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton<ProblemExceptionHandler>();
        services.AddSingleton<IDeveloperPageExceptionFilter, ProblemDeveloperPageFilter>();
        services.AddSingleton<DependencyFailures>();
        services.AddTransient<IStartupFilter, RequestPipelineStartupFilter>();
        return services;
    }

    /// <summary>The wire format of docs/api.md: snake_case, lowercase enums, strict types.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new ExactEnumConverterFactory());
    }
}
