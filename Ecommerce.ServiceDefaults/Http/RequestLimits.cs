using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.ServiceDefaults.Http;

public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    public const int MaxRequestLineBytes = 64 * 1024;

    /// <summary>The value of <c>Retry-After</c> when a dependency is down, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The body limit of this request: the host's <see cref="IRequestBodyLimitPolicy"/>, or 1 MiB.</summary>
    public static long MaxBodyBytesOf(HttpContext context) =>
        context.RequestServices.GetService<IRequestBodyLimitPolicy>()?.MaxBodyBytes(context.Request) ?? MaxBodyBytes;

    public static string BodyTooLarge(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {limit} bytes.");
}
