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

    /// <summary>A hash of <see cref="Content"/>: the picture's ETag, and the <c>v</c> of its URL.</summary>
    public required string Version { get; set; }
}
