using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Ecommerce.TestSupport;

/// <summary>What came back on the wire: the status, the headers (names in lower case) and the decoded body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// HTTP/1.1 spoken over a bare socket, for what HttpClient hides: how a body is framed (Content-Length or chunked),
/// how fast it is written, and whether the server let the client finish writing and reading or reset the connection.
/// A client that writes its whole body before it reads is the strictest: any early close shows as a failed write.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends one request and reads its response; a reset (or any socket failure) on either side throws.</summary>
    /// <param name="chunkBytes">The body is written in pieces of this size (and, chunked, framed as chunks of it).</param>
    /// <param name="pause">The time between two pieces: a slow client.</param>
    /// <param name="bearerToken">Sent as the Authorization header when given.</param>
    public static async Task<RawResponse> SendAsync(
        Uri server, string method, string path, string contentType, byte[] body, bool chunked, int chunkBytes, TimeSpan pause,
        string? bearerToken, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Head(server, method, path, contentType, chunked ? null : body.Length, bearerToken), cancellationToken);
        for (var offset = 0; offset < body.Length; offset += chunkBytes)
        {
            var piece = body.AsMemory(offset, Math.Min(chunkBytes, body.Length - offset));
            if (chunked)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(piece.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
            }

            await stream.WriteAsync(piece, cancellationToken);
            if (chunked)
            {
                await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }

        if (chunked)
        {
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
        }

        return await ReadResponseAsync(new BufferedReader(stream), cancellationToken);
    }

    /// <summary>
    /// Sends only a request's head, declaring a body of <paramref name="contentLength"/> bytes, and reads the response
    /// without sending any of the body: a server that answers did not wait for the body, nor read any of it.
    /// </summary>
    public static async Task<RawResponse> SendHeadOnlyAsync(
        Uri server, string method, string path, string contentType, long contentLength, string? bearerToken, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Head(server, method, path, contentType, contentLength, bearerToken), cancellationToken);
        return await ReadResponseAsync(new BufferedReader(stream), cancellationToken);
    }

    /// <summary>The request line and headers; a body without a length is chunked.</summary>
    private static byte[] Head(Uri server, string method, string path, string contentType, long? contentLength, string? bearerToken) =>
        Encoding.ASCII.GetBytes(new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\n")
            .Append(bearerToken is null ? "" : $"Authorization: Bearer {bearerToken}\r\n")
            .Append(contentLength is { } length ? string.Create(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n") : "Transfer-Encoding: chunked\r\n")
            .Append("\r\n")
            .ToString());

    private static async Task<RawResponse> ReadResponseAsync(BufferedReader reader, CancellationToken cancellationToken)
    {
        var statusLine = await reader.ReadLineAsync(cancellationToken);
        var status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        for (var line = await reader.ReadLineAsync(cancellationToken); line.Length > 0; line = await reader.ReadLineAsync(cancellationToken))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = new MemoryStream();
        if (headers.TryGetValue("content-length", out var length))
        {
            body.Write(await reader.ReadBytesAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken));
        }
        else if (headers.GetValueOrDefault("transfer-encoding") == "chunked")
        {
            for (var size = ChunkSize(await reader.ReadLineAsync(cancellationToken)); size > 0; size = ChunkSize(await reader.ReadLineAsync(cancellationToken)))
            {
                body.Write(await reader.ReadBytesAsync(size, cancellationToken));
                await reader.ReadLineAsync(cancellationToken);
            }

            await reader.ReadLineAsync(cancellationToken);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int ChunkSize(string line) => int.Parse(line.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private sealed class BufferedReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    await FillAsync(cancellationToken);
                }

                var b = _buffer[_start++];
                if (b == '\n')
                {
                    return Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
                }

                line.Add(b);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
        {
            var bytes = new byte[count];
            for (var filled = 0; filled < count;)
            {
                if (_start == _end)
                {
                    await FillAsync(cancellationToken);
                }

                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, bytes, filled, take);
                (_start, filled) = (_start + take, filled + take);
            }

            return bytes;
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            if (_end == 0)
            {
                throw new IOException("The server closed the connection before the response was complete.");
            }
        }
    }
}
