using System.Net.Http.Headers;

namespace Ecommerce.TestSupport.Identity;

/// <summary>Sends each request with the bearer token <paramref name="tokenFor"/> picks for it (none when it gives null).</summary>
public sealed class BearerToken(Func<HttpRequestMessage, string?> tokenFor) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && tokenFor(request) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
