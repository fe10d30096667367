using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ecommerce.Chaos;

/// <summary>A reply: its status (or <see cref="Answer.NoAnswer"/>, <see cref="Answer.Hang"/>), body and ETag.</summary>
public sealed record Reply(int Status, JsonNode? Body, string? ETag)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>A well-behaved client tries again: a fault's answer, no answer, or no answer in time.</summary>
    public bool IsWorthRetrying => Status is 502 or 503 or 504 or Answer.NoAnswer or Answer.Hang;

    public string? Detail => Body?["detail"]?.GetValue<string>();
}

/// <summary>Calls the platform through its gateway, as its clients do, and logs every answer.</summary>
public sealed class ShopClient(Uri gateway, AnswerLog log) : IDisposable
{
    /// <summary>Longer than the gateway's longest route timeout (30 s): a client that waits this long saw a hang.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = gateway,
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public AnswerLog Log => log;

    public async Task<Reply> SendAsync(
        string operation, HttpMethod method, string path, string? token, object? body = null, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        headers?.Invoke(request.Headers);
        var sent = log.Now;
        using var timeout = new CancellationTokenSource(Timeout);
        Reply reply;
        var retryAfter = false;
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            retryAfter = response.Headers.RetryAfter is not null;
            reply = new Reply((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag?.ToString());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            reply = new Reply(Answer.Hang, null, null);
        }
        catch (HttpRequestException)
        {
            reply = new Reply(Answer.NoAnswer, null, null);
        }

        log.Add(new Answer(operation, sent, log.Now, reply.Status, retryAfter));
        return reply;
    }

    public void Dispose() => _http.Dispose();
}
