using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Storefront.Services;

/// <summary>
/// Keeps a service call in the trace of the request it is made for. A form's submit handler runs where Blazor
/// dispatches the event, under an activity of its own rather than the request's, and its calls would not be in the
/// request's trace: a checkout would not be one trace from the shop to Products.Api.
/// </summary>
public sealed class RequestActivityHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Features.Get<IHttpActivityFeature>()?.Activity is not { } requestActivity
            || Activity.Current?.TraceId == requestActivity.TraceId)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var dispatching = Activity.Current;
        Activity.Current = requestActivity;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            Activity.Current = dispatching;
        }
    }
}
