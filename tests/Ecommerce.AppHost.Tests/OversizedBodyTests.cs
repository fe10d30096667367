using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.Gateway;
using Ecommerce.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// A body over the limit is answered with a 413 problem through the real gateway on every route (1 MiB on the APIs', 16
/// MiB on the shop's, whose forms carry pictures), however it is framed (Content-Length or chunked), whatever it holds,
/// however fast the client writes it — and the client always gets to write all of it and read the answer: no reset, no
/// broken pipe.
/// </summary>
[Collection(SharedPlatform.Name)]
public class OversizedBodyTests(PlatformFixture platform)
{
    private const int Repeats = 20;
    private const int Mebibyte = 1024 * 1024;

    private static readonly byte[] Json = System.Text.Encoding.UTF8.GetBytes($$"""{ "name": "{{new string('a', 2 * Mebibyte)}}" }""");
    private static readonly byte[] Junk = RandomBytes(2 * Mebibyte);

    [Fact]
    public async Task Two_mebibytes_get_a_413_problem_on_every_api_route_written_fast_or_slowly_with_either_framing()
    {
        var sends =
            from repeat in Enumerable.Range(0, Repeats)
            from request in Requests()
            from body in new[] { ("json", "application/json", Json), ("junk", "application/octet-stream", Junk) }
            where body.Item3.Length > request.Limit
            from chunked in new[] { false, true }
            from slow in new[] { false, true }
            select new Send(request.Method, request.Path, request.Limit, body.Item1, body.Item2, body.Item3, chunked, slow);

        await AssertAllRefusedAsync(sends.ToList());
    }

    [Theory]
    [InlineData(Mebibyte + 1)]
    [InlineData(50 * Mebibyte)]
    public async Task A_body_just_over_the_limit_and_a_huge_one_get_a_413_problem_too(int size)
    {
        var body = RandomBytes(size);
        var sends =
            from repeat in Enumerable.Range(0, 3)
            from request in Requests()
            where size > request.Limit
            from chunked in new[] { false, true }
            select new Send(request.Method, request.Path, request.Limit, $"{size} bytes", "application/json", body, chunked, Slow: false);

        await AssertAllRefusedAsync(sends.ToList());
    }

    /// <summary>A POST to the prefix of every route the app model gives the gateway, and the body limit it has there.</summary>
    private IEnumerable<(string Method, string Path, long Limit)> Requests() =>
        platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .SelectMany(resource => resource.Annotations.OfType<GatewayRouteAnnotation>())
            .Select(route => ("POST", route.PathPrefix, route.IsCatchAll ? 16L * Mebibyte : Mebibyte));

    private async Task AssertAllRefusedAsync(IReadOnlyList<Send> sends)
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (send, cancellationToken) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                var response = await RawHttp.SendAsync(platform.Gateway.BaseAddress!, send.Method, send.Path, send.ContentType, send.Body,
                    send.Chunked, chunkBytes: send.Slow ? 16 * 1024 : 256 * 1024, pause: send.Slow ? TimeSpan.FromMilliseconds(1) : TimeSpan.Zero,
                    bearerToken: null, timeout.Token);
                if (response.Status != 413 || response.Headers.GetValueOrDefault("content-type")?.StartsWith("application/problem+json", StringComparison.Ordinal) != true ||
                    !response.Body.Contains($"\"detail\":\"The request body is larger than {send.Limit} bytes.\"", StringComparison.Ordinal))
                {
                    failures.Add($"{send}: {response.Status} {response.Body}");
                }
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                failures.Add($"{send}: {ex.GetType().Name} {ex.Message}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {sends.Count} requests were not answered with a 413 problem:{Environment.NewLine}" +
                                      string.Join(Environment.NewLine, failures.Take(20)));
    }

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private sealed record Send(string Method, string Path, long Limit, string Kind, string ContentType, byte[] Body, bool Chunked, bool Slow)
    {
        public override string ToString() => $"{Method} {Path} ({Kind}, {(Chunked ? "chunked" : "Content-Length")}, {(Slow ? "slowly" : "fast")})";
    }
}
