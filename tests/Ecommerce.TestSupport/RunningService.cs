namespace Ecommerce.TestSupport;

/// <summary>A service running in-process on a real port, with a client to call it.</summary>
public sealed class RunningService<TMarker>(IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable where TMarker : class
{
    private readonly ServiceFactory<TMarker> _factory = new(settings);

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public RunningService<TMarker> Start()
    {
        BaseAddress = _factory.Start();
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _factory.DisposeAsync();
    }
}
