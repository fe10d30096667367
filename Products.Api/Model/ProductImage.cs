using System.Globalization;
using System.IO.Hashing;

namespace Products.Api.Model;

/// <summary>
/// A product's picture. Its own table keeps the bytes out of every read of products: a product's answer needs only
/// <see cref="Version"/>.
/// </summary>
public sealed class ProductImage
{
    public Guid ProductId { get; init; }

    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }

    /// <summary>A hash of <see cref="Content"/> (<see cref="VersionOf"/>): the picture's ETag, and the <c>v</c> of its URL.</summary>
    public required string Version { get; set; }

    /// <summary>
    /// The bytes' 64-bit XXH3, in hex: a new picture is a new version, and the same bytes uploaded again keep the URL that
    /// browsers may already hold.
    /// </summary>
    public static string VersionOf(ReadOnlySpan<byte> content) =>
        XxHash3.HashToUInt64(content).ToString("x16", CultureInfo.InvariantCulture);
}
