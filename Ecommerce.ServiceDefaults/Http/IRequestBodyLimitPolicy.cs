using Microsoft.AspNetCore.Http;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// A host whose requests may not all share the 1 MiB body limit says, before the request is routed, how large each may
/// be; without one, every request has <see cref="RequestLimits.MaxBodyBytes"/>.
/// </summary>
public interface IRequestBodyLimitPolicy
{
    long MaxBodyBytes(HttpRequest request);
}
