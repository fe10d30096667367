using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// The 1 MiB body limit, enforced so that the client always hears the answer. A server that closes a connection with
/// request bytes still unread makes the kernel answer them with a reset, which destroys the response already written
/// (the client's upload fails with EPIPE, or its read with ECONNRESET) — what Kestrel does with a body over its limit,
/// and with any body a request was answered without reading (a 400 on the first bad byte, a 415). So the limit is
/// enforced here instead: the answer is sent first, then the rest of the body is read and discarded, up to a bound and
/// a time limit, and the connection ends with nothing unread.
/// <para>
/// Who calls is found out before the size of what they send matters: a request without a valid token, or without the
/// right to the operation, hears its 401 (with its challenge) or 403 whatever the length of its body, and no part of that
/// body is parsed. So a body whose <c>Content-Length</c> is over the limit is not answered where the pipeline starts
/// (<see cref="InvokeAsync"/>, before routing and authentication), but by <see cref="RefuseDeclaredTooLargeAsync"/>,
/// which runs after authorization, just before the endpoint; until then the body fails its first read, so a middleware
/// that reads bodies before authentication (Identity.Api's form limits) refuses it with 413 without reading any of it.
/// </para>
/// </summary>
internal static class RequestBodyLimit
{
    /// <summary>How much of an unread body is read away after the answer; Kestrel refuses anything beyond it.</summary>
    public const long DrainLimitBytes = 64 * 1024 * 1024;

    /// <summary>How long a client may take to send the rest of a body that was already answered.</summary>
    public static readonly TimeSpan DrainTimeLimit = TimeSpan.FromSeconds(10);

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true } ||
            context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } sizeLimit)
        {
            await next(context);
            return;
        }

        sizeLimit.MaxRequestBodySize = DrainLimitBytes;
        var body = request.Body;

        // Past the limit (or at once, for a body declared over it), reading fails with Kestrel's own 413 exception, which
        // the exception handler (inside this middleware) answers; the drain comes after every answer of the pipeline,
        // authentication's challenges, status pages and problems included.
        var limited = new LimitedRequestBody(body, RequestLimits.MaxBodyBytesOf(context), request.ContentLength);
        context.Features.Set(limited);
        request.Body = limited;
        try
        {
            await next(context);
        }
        finally
        {
            request.Body = body;
        }

        if (!limited.ReachedEnd)
        {
            // A client may read the answer only once it has sent its whole body: it must have it before the drain.
            await context.Response.CompleteAsync();
            await DrainAsync(context, body);
        }
    }

    /// <summary>
    /// The 413 of a body declared over the limit, for a request that was let through authentication and authorization
    /// (or needs neither): answered before the endpoint runs, so that an operation which reads no body (a DELETE sent
    /// with one) is refused too; <see cref="InvokeAsync"/> then drains the body.
    /// </summary>
    public static Task RefuseDeclaredTooLargeAsync(HttpContext context, RequestDelegate next) =>
        context.Features.Get<LimitedRequestBody>() is { DeclaredTooLarge: true } limited
            ? Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, RequestLimits.BodyTooLarge(limited.Limit))
            : next(context);

    /// <summary>Reads the rest of the body and throws it away; a client that sends too much or too slowly is cut off.</summary>
    private static async Task DrainAsync(HttpContext context, Stream body)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTimeLimit);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Over the bound (Kestrel's BadHttpRequestException is an IOException), too slow, or gone: the connection is
            // closed as it is, which is all that can be done for such a client.
            context.Abort();
        }
    }
}
