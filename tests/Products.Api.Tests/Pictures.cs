using System.Buffers.Binary;
using System.Net.Http.Headers;

namespace Products.Api.Tests;

/// <summary>
/// Bodies that begin as pictures of each type do (the service looks no further than their signatures), and the upload of
/// one to a product.
/// </summary>
public static class Pictures
{
    public static byte[] Png(int length = 300) => Filled([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], length);

    public static byte[] Jpeg(int length = 300) => Filled([0xFF, 0xD8, 0xFF, 0xE0], length);

    public static byte[] WebP(int length = 300)
    {
        var riff = Filled([.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8 "u8], length);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(length - 8));
        return riff;
    }

    /// <summary>A picture of <paramref name="contentType"/>, its bytes after the signature random.</summary>
    public static byte[] Of(string contentType, int length = 300) => contentType switch
    {
        "image/png" => Png(length),
        "image/jpeg" => Jpeg(length),
        "image/webp" => WebP(length),
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not a picture type of the API."),
    };

    public static ByteArrayContent Content(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static Task<HttpResponseMessage> PutImageAsync(this HttpClient client, string productId, byte[] bytes, string? contentType = "image/png") =>
        client.PutAsync($"/products/{productId}/image", Content(bytes, contentType));

    private static byte[] Filled(byte[] signature, int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        signature.CopyTo(bytes, 0);
        return bytes;
    }
}
