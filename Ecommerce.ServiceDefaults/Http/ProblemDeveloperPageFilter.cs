using Microsoft.AspNetCore.Diagnostics;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// In Development ASP.NET Core catches exceptions with its developer page first, which would answer a client's
/// mistake (malformed JSON, a wrong content type) or a dependency that is down with a 500-style page of internals.
/// Those answers are part of the API contract in every environment, so they go to the same handler as in production.
/// </summary>
internal sealed class ProblemDeveloperPageFilter(ProblemExceptionHandler problems) : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        var context = errorContext.HttpContext;
        if (!context.Response.HasStarted && await problems.TryHandleAsync(context, errorContext.Exception, context.RequestAborted))
        {
            return;
        }

        await next(errorContext);
    }
}
