namespace Orders.Api.Infrastructure;

/// <summary>
/// Calls to Carts.Api carry the customer's own token (docs/identity.md): Carts.Api then applies its ownership rule to
/// Orders.Api too, which reads and empties only carts of the customer checking out.
/// </summary>
internal sealed class ForwardCallerToken(IHttpContextAccessor context) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = context.HttpContext?.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(authorization))
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
