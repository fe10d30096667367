using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// Turns what a client caused into a 4xx, and a dependency that is down into a 503 with Retry-After.
/// Anything else is left to the default handler: a 500 problem with no internals in it.
/// </summary>
internal sealed class ProblemExceptionHandler(DependencyFailures dependencyFailures, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                await WriteInvalidJsonAsync(context, json);
                return true;
            case JsonException json:
                await WriteInvalidJsonAsync(context, json);
                return true;
            case BadHttpRequestException badRequest:
                await Problems.WriteAsync(context, badRequest.StatusCode, Describe(badRequest));
                return true;
        }

        if (dependencyFailures.IsDependencyDown(exception))
        {
            logger.LogWarning(exception, "A dependency is unavailable");
            context.Response.Headers.RetryAfter = RequestLimits.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "A service this request depends on is unavailable. Try again later.");
            return true;
        }

        return false;
    }

    private static Task WriteInvalidJsonAsync(HttpContext context, JsonException json)
    {
        var field = JsonPaths.ToFieldName(json.Path);
        var message = json.Message.Split(" Path: ", 2)[0];
        return Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON for this endpoint.",
            new Dictionary<string, string[]> { [field] = [message] });
    }

    private static string Describe(BadHttpRequestException badRequest) => badRequest.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
        StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {RequestLimits.MaxBodyBytes} bytes.",
        _ => badRequest.Message,
    };
}
