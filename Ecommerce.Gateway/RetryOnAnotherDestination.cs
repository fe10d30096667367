using Yarp.ReverseProxy.Forwarder;

namespace Ecommerce.Gateway;

/// <summary>
/// A request that a replica failed is sent once more, to another destination of its cluster, when sending it again
/// cannot apply it twice: its connection was refused (the replica never saw it), or it is a read (GET, HEAD) whose
/// replica died before answering. A replica that dies then costs its clients no failed read. A write in flight on it
/// may have been applied: its failure is the client's 503, to retry with its Idempotency-Key.
/// </summary>
internal static class RetryOnAnotherDestination
{
    public static IApplicationBuilder UseRetryOnAnotherDestination(this IApplicationBuilder proxy) => proxy.Use(async (context, next) =>
    {
        var proxyFeature = context.GetReverseProxyFeature();
        var candidates = proxyFeature.AvailableDestinations;
        await next(context);

        if (context.GetForwarderErrorFeature() is not { } failure || context.Response.HasStarted || !SafeToSendAgain(context.Request, failure))
        {
            return;
        }

        var failed = proxyFeature.ProxiedDestination;
        var others = candidates.Where(destination => destination != failed).ToList();
        if (others.Count == 0)
        {
            return;
        }

        proxyFeature.AvailableDestinations = others;
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.StatusCode = StatusCodes.Status200OK;
        await next(context);
    });

    private static bool SafeToSendAgain(HttpRequest request, IForwarderErrorFeature failure) =>
        failure.Error == ForwarderError.Request &&
        (failure.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } ||
         HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
}
