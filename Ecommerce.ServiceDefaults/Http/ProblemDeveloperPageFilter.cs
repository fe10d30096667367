using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// In Development ASP.NET Core catches exceptions with its developer page first, which would answer a client's
/// mistake (malformed JSON, a wrong content type) or a dependency that is down with a 500-style page of internals.
/// Those answers are part of the API contract in every environment, so they go to the same handler as in production,
/// and a bug is a 500 problem without internals there too: its exception is in the service's logs and traces.
/// </summary>
internal sealed class ProblemDeveloperPageFilter(ProblemExceptionHandler problems) : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        var context = errorContext.HttpContext;
        if (context.Response.HasStarted || await problems.TryHandleAsync(context, errorContext.Exception, context.RequestAborted))
        {
            return;
        }

        await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError,
            "The service failed to answer this request. The trace_id identifies it in the service's logs.");
    }
}
