using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// Turns what a client caused into a 4xx, and a dependency that is down into a 503 with Retry-After.
/// Anything else is left to the default handler: a 500 problem with no internals in it.
/// </summary>
internal sealed partial class ProblemExceptionHandler(DependencyFailures dependencyFailures, ILogger<ProblemExceptionHandler> logger)
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
                await Problems.WriteAsync(context, badRequest.StatusCode, Describe(context, badRequest));
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
        var missing = MissingRequiredProperties(json);
        var errors = missing.Count > 0
            ? missing.ToDictionary(name => field == "body" ? name : $"{field}.{name}", _ => IsRequired)
            : new Dictionary<string, string[]> { [field] = [json.Message.Split(" Path: ", 2)[0]] };
        return Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON for this endpoint.", errors);
    }

    private static readonly string[] IsRequired = ["Is required."];

    /// <summary>
    /// System.Text.Json reports all the required properties an object lacks in one exception at the object's path
    /// ("… missing required properties including: 'sku', 'price'."); clients show messages beside their fields, so
    /// each property gets an entry of its own.
    /// </summary>
    private static List<string> MissingRequiredProperties(JsonException json) =>
        MissingRequiredMessage().Match(json.Message) is { Success: true } match
            ? QuotedName().Matches(match.Groups["names"].Value).Select(name => name.Groups[1].Value).ToList()
            : [];

    [GeneratedRegex(@"missing required properties including: (?<names>'.*')\.")]
    private static partial Regex MissingRequiredMessage();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedName();

    private static string Describe(HttpContext context, BadHttpRequestException badRequest) => badRequest.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status413PayloadTooLarge =>
            DefaultProblemDetails.For(context, badRequest.StatusCode),
        _ => badRequest.Message,
    };
}
