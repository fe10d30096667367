using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// Endpoint results for the error statuses of docs/api.md. All go through the problem details service, so every
/// one carries the same fields (<c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>trace_id</c>).
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult Status(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, extensions: extensions);

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Status(StatusCodes.Status409Conflict, detail, extensions);

    public static ProblemHttpResult Unprocessable(string detail, IDictionary<string, object?>? extensions = null) =>
        Status(StatusCodes.Status422UnprocessableEntity, detail, extensions);

    public static ProblemHttpResult Validation(ValidationErrors errors, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = detail,
        });
}
