namespace Ecommerce.Gateway;

/// <summary>
/// A body sent in chunks (no Content-Length) is read into memory, up to the route's limit, before it is forwarded: the
/// gateway then knows its size before a service sees a byte of it, so a body over the limit is always the gateway's
/// 413, never whatever the service would have answered to its first bytes. A body whose Content-Length is over the
/// limit never gets here: the service defaults' body limit answers it first.
/// </summary>
internal static class ChunkedBodyBuffering
{
    public static IApplicationBuilder UseChunkedBodyBuffering(this IApplicationBuilder proxy) => proxy.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)
        {
            // Reading past the limit fails with a 413, answered (and the rest of the body drained) by the service defaults.
            var buffered = new MemoryStream();
            await request.Body.CopyToAsync(buffered, context.RequestAborted);
            buffered.Position = 0;
            request.Body = buffered;
            request.ContentLength = buffered.Length;
            request.Headers.TransferEncoding = default;
        }

        await next(context);
    });
}
