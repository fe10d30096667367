using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// The <c>detail</c> of problems that the framework writes without one — authentication's 401 and 403, routing's 404,
/// 405 and 415, Kestrel's 413 — saying what was wrong and what is accepted, as docs/api.md asks of every problem.
/// </summary>
internal static class DefaultProblemDetails
{
    public static string For(HttpContext context, int status)
    {
        var request = context.Request;
        return status switch
        {
            StatusCodes.Status401Unauthorized => context.Response.Headers.WWWAuthenticate.ToString().Contains("error=", StringComparison.Ordinal)
                ? "The bearer token was refused (see WWW-Authenticate): get a new one from Identity.Api."
                : "This operation needs a bearer token from Identity.Api in the Authorization header.",
            StatusCodes.Status403Forbidden => "The token does not grant this operation (it lacks the scope or the role it needs).",
            StatusCodes.Status404NotFound => $"No resource is at {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}. Allowed: {context.Response.Headers.Allow}.",
            StatusCodes.Status413PayloadTooLarge => RequestLimits.BodyTooLarge(RequestLimits.MaxBodyBytesOf(context)),
            StatusCodes.Status415UnsupportedMediaType => MediaTypeDetail(request.ContentType),
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
    }

    public static string MediaTypeDetail(string? contentType) => string.IsNullOrEmpty(contentType)
        ? "The request has a body but no Content-Type: it must be application/json."
        : $"Content-Type must be application/json, not '{contentType}'.";
}
