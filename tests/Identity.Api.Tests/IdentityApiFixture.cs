using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Identity.Api.Tests;

public static class IdentitySettingsExtensions
{
    public static RunningService<Program> Start(this IdentitySettings settings) => new RunningService<Program>(settings.ToConfiguration()).Start();
}

/// <summary>Identity.Api on a real port with its own database on the assembly's PostgreSQL.</summary>
public sealed class IdentityApiFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private RunningService<Program>? _service;

    public IdentitySettings Settings { get; private set; } = null!;

    public HttpClient Client => _service!.Client;

    public Uri BaseAddress => _service!.BaseAddress;

    public IServiceProvider Services => _service!.Services;

    public PostgresFixture Postgres => postgres;

    public async ValueTask InitializeAsync()
    {
        Settings = await IdentitySettings.CreateAsync(postgres);
        _service = Settings.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
