using System.Net.Http.Headers;

namespace Orders.Api.Infrastructure;

/// <summary>
/// Calls to Carts.Api carry the customer's own token (docs/identity.md): Carts.Api then applies its ownership rule to
/// Orders.Api too, which reads and empties only carts of the customer checking out.
/// </summary>
internal sealed class ForwardCallerToken(IHttpContextAccessor context) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Set, not added: a retry (after a replica refused the connection) passes the same request through here again,
        // and a second Authorization value would make Carts.Api refuse the call with 401.
        if (AuthenticationHeaderValue.TryParse(context.HttpContext?.Request.Headers.Authorization.ToString(), out var authorization))
        {
            request.Headers.Authorization = authorization;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
