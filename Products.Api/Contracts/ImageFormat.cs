using Microsoft.Net.Http.Headers;

namespace Products.Api.Contracts;

/// <summary>A type of picture a product may have: its media type, and the bytes every picture of the type begins with.</summary>
public sealed class ImageFormat
{
    public static ImageFormat Png { get; } = new("image/png", "PNG", "89 50 4E 47 0D 0A 1A 0A");

    public static ImageFormat Jpeg { get; } = new("image/jpeg", "JPEG", "FF D8 FF");

    public static ImageFormat WebP { get; } = new("image/webp", "WebP", "52 49 46 46 (RIFF), a 4-byte size, then 57 45 42 50 (WEBP)");

    public static IReadOnlyList<ImageFormat> All { get; } = [Png, Jpeg, WebP];

    private static readonly string Accepted = "image/png, image/jpeg or image/webp";

    private ImageFormat(string contentType, string name, string signature)
    {
        ContentType = contentType;
        Name = name;
        Signature = signature;
    }

    public string ContentType { get; }

    public string Name { get; }

    /// <summary>The first bytes, as a person reads them in a hex dump.</summary>
    public string Signature { get; }

    /// <summary>The format a Content-Type names, in any case and with any parameters; null for every other type.</summary>
    public static ImageFormat? ForContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? All.FirstOrDefault(format => parsed.MediaType.Equals(format.ContentType, StringComparison.OrdinalIgnoreCase))
            : null;

    /// <summary>The format whose signature <paramref name="bytes"/> begin with, if any.</summary>
    public static ImageFormat? Of(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        return bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? WebP : null;
    }

    /// <summary>Why the Content-Type is refused (415): it names no format a product's picture may have.</summary>
    public static string UnsupportedDetail(string? contentType) => string.IsNullOrEmpty(contentType)
        ? $"The request has no Content-Type: a picture is sent as {Accepted}."
        : $"Content-Type must be {Accepted}, not '{contentType}'.";

    /// <summary>Why <paramref name="bytes"/> cannot be a picture of this format (a 400), or null when they can.</summary>
    public string? Refusal(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return $"The request body is empty: it must be the picture's bytes ({Name}).";
        }

        if (Of(bytes) is not { } actual)
        {
            return $"The body is not a {Name} picture, as its Content-Type ({ContentType}) says: a {Name} begins with the bytes {Signature}.";
        }

        return actual == this
            ? null
            : $"The body is not a {Name} picture, as its Content-Type ({ContentType}) says: its bytes are a {actual.Name}'s, to be sent as {actual.ContentType}.";
    }
}
