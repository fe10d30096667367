using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>Exception types, beyond the common ones, that mean "a dependency is down" in one service.</summary>
public sealed class DependencyFailureOptions
{
    public ICollection<Type> ExceptionTypes { get; } = [];
}

/// <summary>
/// Tells a dependency that is down or too slow (answered with 503 and <c>Retry-After</c>) from a bug (500).
/// </summary>
public sealed class DependencyFailures(IOptions<DependencyFailureOptions> options)
{
    public bool IsDependencyDown(Exception exception) =>
        IsCommonDependencyFailure(exception, current => options.Value.ExceptionTypes.Any(type => type.IsInstanceOfType(current)));

    /// <summary>A transient database error, a socket or HTTP failure, a timeout or an open circuit, anywhere in the chain.</summary>
    public static bool IsCommonDependencyFailure(Exception exception, Func<Exception, bool>? alsoMatches = null)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true }
                or TimeoutException
                or SocketException
                or HttpRequestException
                or BrokenCircuitException
                or TimeoutRejectedException
                || alsoMatches?.Invoke(current) == true)
            {
                return true;
            }
        }

        return false;
    }
}
