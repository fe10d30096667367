using System.Globalization;

namespace Ecommerce.ServiceDefaults.Http;

public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    public const int MaxRequestLineBytes = 64 * 1024;

    /// <summary>The value of <c>Retry-After</c> when a dependency is down, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public static readonly string BodyTooLargeDetail =
        string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {MaxBodyBytes} bytes.");
}
