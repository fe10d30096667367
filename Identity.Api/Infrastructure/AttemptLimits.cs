using System.Globalization;
using System.Threading.RateLimiting;
using Ecommerce.ServiceDefaults.Http;

namespace Identity.Api.Infrastructure;

/// <summary>How many token requests, and logins or registrations, one client address may make in a minute.</summary>
public sealed class AttemptLimitOptions
{
    public const string Section = "Identity:AttemptLimits";

    public int TokenRequestsPerMinute { get; set; } = 1_000;

    public int AccountAttemptsPerMinute { get; set; } = 1_000;
}

/// <summary>
/// Guessing passwords or client secrets takes many attempts: each client address (behind the gateway, the one its
/// X-Forwarded-For names) gets so many token requests, and so many posts to the login and registration pages, a
/// minute; beyond that a 429 problem says when to try again. Lockout (five wrong passwords) protects one account;
/// this protects all of them from one address. The limits are configuration: generous locally, strict in production.
/// </summary>
internal static class AttemptLimits
{
    public static IServiceCollection AddAttemptLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(AttemptLimitOptions.Section).Get<AttemptLimitOptions>() ?? new AttemptLimitOptions();
        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Limited(context.Request) switch
            {
                { } kind => RateLimitPartition.GetFixedWindowLimiter($"{kind}:{context.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = kind == "token" ? limits.TokenRequestsPerMinute : limits.AccountAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }),
                null => RateLimitPartition.GetNoLimiter(""),
            });
            options.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many attempts from this address; try again after the time Retry-After says.");
            };
        });
    }

    /// <summary>The attempts that are limited: token requests, and posts of the login and registration forms.</summary>
    private static string? Limited(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        if (request.Path.Equals("/connect/token", StringComparison.OrdinalIgnoreCase))
        {
            return "token";
        }

        return request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase) ||
               request.Path.Equals("/account/register", StringComparison.OrdinalIgnoreCase)
            ? "account"
            : null;
    }
}
