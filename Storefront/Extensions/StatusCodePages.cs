using Microsoft.AspNetCore.Diagnostics;

namespace Storefront.Extensions;

internal static class StatusCodePages
{
    /// <summary>
    /// A path the shop does not have, asked for with a method no page takes (a POST to /inventory/…, say): 404, not
    /// the 405 that routing answers when only the pages' GET matches. Its bare status is the answer: it is no person's
    /// navigation, and re-executing a post as the status page would ask which of that page's forms it was.
    /// </summary>
    public static IEndpointRouteBuilder MapNotFoundFallback(this IEndpointRouteBuilder app)
    {
        app.MapFallback(context =>
        {
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = !HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method)
                    && !HttpMethods.IsPatch(context.Request.Method) && !HttpMethods.IsDelete(context.Request.Method);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).AllowAnonymous();
        return app;
    }
}
