using Microsoft.AspNetCore.Http;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// A request body that fails with a 413 once more than <c>limit</c> bytes have been read from it, or at its first read
/// when its <c>Content-Length</c> is already over the limit (nothing of it is read then), and tells whether it was read
/// to its end. Only reading is supported: it stands in for <see cref="HttpRequest.Body"/>.
/// </summary>
internal sealed class LimitedRequestBody(Stream inner, long limit, long? contentLength) : Stream
{
    private long _read;

    /// <summary>How many bytes the body may have.</summary>
    public long Limit => limit;

    /// <summary>The request says, in its <c>Content-Length</c>, that its body is over the limit.</summary>
    public bool DeclaredTooLarge => contentLength > limit;

    /// <summary>More than the limit was sent: the request was refused as too large.</summary>
    public bool Exceeded => _read > limit;

    /// <summary>The body was read to its end: nothing of it is left in the connection.</summary>
    public bool ReachedEnd { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Exceeded || DeclaredTooLarge)
        {
            throw TooLarge();
        }

        // One byte more than the limit is asked for, so that a body of exactly the limit is told from a longer one.
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit + 1 - _read)], cancellationToken);
        _read += read;
        ReachedEnd |= read == 0 && buffer.Length > 0;
        return Exceeded ? throw TooLarge() : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The request body is read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private BadHttpRequestException TooLarge() =>
        new(RequestLimits.BodyTooLarge(limit), StatusCodes.Status413PayloadTooLarge);
}
