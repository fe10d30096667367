using System.Globalization;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Forwarder;

namespace Ecommerce.Gateway;

/// <summary>
/// When the gateway itself fails a request (the service is down or too slow), the client
/// hears why as a problem, like every answer of the platform, instead of an empty 502.
/// </summary>
internal static class ForwarderErrorProblems
{
    public static IApplicationBuilder UseForwarderErrorProblems(this IApplicationBuilder proxy) => proxy.Use(async (context, next) =>
    {
        await next(context);
        if (context.GetForwarderErrorFeature() is not { } failure || context.Response.HasStarted)
        {
            return;
        }

        // The route's timeout cancels the request as a client that left would: YARP calls it canceled (and answers 400).
        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        switch (failure.Error)
        {
            case ForwarderError.RequestTimedOut:
            case ForwarderError.RequestCanceled when routeTimedOut:
                await Problems.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                    "The service behind this path did not answer in time. Try again later.");
                break;
            case ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient:
                // The client went away or broke off its own request: there is nobody to answer.
                break;
            default:
                context.Response.Headers.RetryAfter = RequestLimits.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    "The service behind this path is unavailable. Try again later.");
                break;
        }
    });
}
