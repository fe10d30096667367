using System.Net;
using System.Net.Http.Headers;

namespace Orders.Api.Infrastructure;

/// <summary>
/// Calls to Products.Api's inventory carry Orders.Api's own token. A 401 (the token was revoked, or is signed with a
/// key Products.Api does not know yet) is answered once more with a new token; every inventory call is idempotent.
/// </summary>
internal sealed class ServiceTokenHandler(ServiceTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        tokens.Discard(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
