using Ecommerce.ServiceDefaults.Http;

namespace Ecommerce.Gateway;

/// <summary>
/// Each request's body limit, decided before it is routed. The APIs' routes keep the platform's 1 MiB. The catch-all
/// route is the shop's pages, whose forms carry pictures: a photo over the catalog's 1 MiB, as phones take them, must
/// reach the shop, whose page says why it is refused, rather than be cut off here with a problem document that a
/// browser shows as text.
/// </summary>
internal sealed class RouteBodyLimits : IRequestBodyLimitPolicy
{
    public const long CatchAllMaxBodyBytes = 16 * 1024 * 1024;

    private const string Rest = "/{**rest}";

    private readonly string[] _prefixes;
    private readonly bool _hasCatchAll;

    public RouteBodyLimits(IConfiguration configuration)
    {
        // The routes' paths as the AppHost writes them: "/products/{**rest}", and "/{**rest}" for the catch-all.
        var prefixes = configuration.GetSection("ReverseProxy:Routes").GetChildren()
            .Select(route => route["Match:Path"]).OfType<string>()
            .Select(path => path.EndsWith(Rest, StringComparison.Ordinal) ? path[..^Rest.Length] : path)
            .ToList();
        _hasCatchAll = prefixes.Contains("");
        _prefixes = [.. prefixes.Where(prefix => prefix.Length > 0)];
    }

    public long MaxBodyBytes(HttpRequest request) =>
        _hasCatchAll && !_prefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            ? CatchAllMaxBodyBytes
            : RequestLimits.MaxBodyBytes;
}
