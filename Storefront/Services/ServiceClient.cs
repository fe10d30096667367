using Ecommerce.ServiceDefaults.Http;

namespace Storefront.Services;

/// <summary>A service the shop calls is down or failing: the page is the "try again" page (503).</summary>
public sealed class ServiceUnavailableException(string service, Exception? inner = null)
    : Exception($"{service} could not be reached or failed.", inner);

/// <summary>A service refused the shopper's token (revoked, or the session outlived its refresh token): sign in again.</summary>
public sealed class SessionExpiredException() : Exception("The session's access token was refused.");

/// <summary>
/// Sends a call to one service and turns what no page can help — the service down, slow, failing, or refusing the
/// token — into the two exceptions the error page answers; everything else is the caller's to read.
/// </summary>
public abstract class ServiceClient(HttpClient http, string service)
{
    protected HttpClient Http { get; } = http;

    protected async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && DependencyFailures.IsCommonDependencyFailure(ex))
        {
            throw new ServiceUnavailableException(service, ex);
        }

        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new SessionExpiredException();
        }

        if ((int)response.StatusCode >= 500)
        {
            response.Dispose();
            throw new ServiceUnavailableException(service);
        }

        return response;
    }

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ShopJson.Options);
        }

        return SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// One page of a list: <paramref name="limit"/> rows after the cursor <paramref name="after"/>, and the next page's
    /// cursor from the <c>Link</c> header. A filter or cursor the service refuses (typed by hand) is an empty page.
    /// </summary>
    protected async Task<Page<T>> PageAsync<T>(
        string path, Dictionary<string, string?> filters, int limit, string? after, CancellationToken cancellationToken)
    {
        var query = filters.Where(filter => !string.IsNullOrWhiteSpace(filter.Value)).ToDictionary();
        query["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(after))
        {
            query["after"] = after;
        }

        using var response = await SendAsync(HttpMethod.Get, Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query), null, cancellationToken);
        return response.IsSuccessStatusCode
            ? new Page<T>(await ReadAsync<List<T>>(response, cancellationToken), ShopJson.NextCursor(response.Headers))
            : new Page<T>([], null);
    }

    protected static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(ShopJson.Options, cancellationToken)
        ?? throw new InvalidOperationException($"An empty answer where a {typeof(T).Name} was expected.");
}
