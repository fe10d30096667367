using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.TestSupport;

/// <summary>A service running in-process on a real port, with a client to call it.</summary>
/// <param name="services">Replaces some of the service's own registrations (see <see cref="ServiceFactory{TProgram}"/>).</param>
public sealed class RunningService<TMarker>(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : IAsyncDisposable where TMarker : class
{
    private readonly ServiceFactory<TMarker> _factory = new(settings, services);

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public RunningService<TMarker> Start()
    {
        BaseAddress = _factory.Start();
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        return this;
    }

    /// <summary>A client of the service that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient ClientWith(string? token) => ClientAs(_ => token);

    /// <summary>
    /// A client of the service whose every request carries the token <paramref name="tokenFor"/> signs for it then,
    /// so that it never sends an expired one however long a test runs.
    /// </summary>
    public HttpClient ClientAs(Func<HttpRequestMessage, string?> tokenFor) =>
        new(new Identity.BearerToken(tokenFor)) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _factory.DisposeAsync();
    }
}
