using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Identity.Api.Apis;

/// <summary>
/// The shop's stylesheet, built into this service, so that the sign-in pages look like the shop wherever they are
/// served from; under /account, a path the gateway and the ingress route here.
/// </summary>
public static class ShopStylesheet
{
    public const string Path = "/account/shop.css";

    private static readonly byte[] Content = Read();

    private static readonly string Hash = Convert.ToHexStringLower(SHA256.HashData(Content))[..16];

    private static readonly EntityTagHeaderValue Version = new($"\"{Hash}\"");

    /// <summary>The stylesheet's address with its version: a new one is fetched as soon as a deploy changes it.</summary>
    public static string Href { get; } = $"{Path}?v={Hash}";

    public static IEndpointRouteBuilder MapShopStylesheet(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Get).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    public static IResult Get(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Bytes(Content, "text/css; charset=utf-8", entityTag: Version);
    }

    private static byte[] Read()
    {
        using var stream = typeof(ShopStylesheet).Assembly.GetManifestResourceStream("shop.css")
            ?? throw new InvalidOperationException("The shop's stylesheet is not built into Identity.Api.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
