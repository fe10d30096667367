using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace Storefront.Services;

/// <summary>Calls Carts.Api and Orders.Api as the shopper: their access token, read from the session on the server.</summary>
public sealed class AccessTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } context && await context.GetTokenAsync("access_token") is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
