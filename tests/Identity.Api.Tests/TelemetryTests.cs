using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>The meter Ecommerce.Identity and its spans: logins by outcome, lockouts, registrations, tokens by grant type.</summary>
/// <remarks>Alone: every test class's service in this process reports to the same meter.</remarks>
[Collection(Name)]
public sealed class TelemetryTests(IdentityApiFixture identity) : IClassFixture<IdentityApiFixture>, IDisposable
{
    public const string Name = "telemetry";

    private readonly ConcurrentQueue<(string Instrument, long Value, string? Tag)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities = new();

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    [Fact]
    public async Task Registrations_logins_lockouts_and_issued_tokens_are_counted_and_traced()
    {
        Listen();
        using var person = new Person(identity.BaseAddress);
        await person.RegisterAsync();
        using var again = new Person(identity.BaseAddress, person.Email);
        await again.LoginAsync();
        using var attacker = new Person(identity.BaseAddress, person.Email);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await attacker.LoginAsync("Wr0ng!password");
        }

        await identity.Client.ClientCredentialsAsync("back-office", identity.Settings.BackOfficeSecret, "catalog.write").TokensAsync();
        await identity.Client.ClientCredentialsAsync("back-office", "wrong", "catalog.write");

        var mine = _measurements.ToList();
        Assert.Contains(("ecommerce.identity.registrations", 1L, (string?)null), mine);
        Assert.Contains(("ecommerce.identity.logins", 1L, "succeeded"), mine);
        Assert.Equal(4, mine.Count(m => m == ("ecommerce.identity.logins", 1L, "failed")));
        Assert.Contains(("ecommerce.identity.logins", 1L, "locked_out"), mine);
        Assert.Contains(("ecommerce.identity.lockouts", 1L, (string?)null), mine);
        Assert.Contains(("ecommerce.identity.tokens_issued", 1L, "client_credentials"), mine);
        Assert.Single(mine, m => m.Instrument == "ecommerce.identity.tokens_issued");
        Assert.Contains(_spans, span => span.OperationName == "login" && Equals(span.GetTagItem("login.outcome"), "locked_out"));
        Assert.Contains(_spans, span => span.OperationName == "issue token" && Equals(span.GetTagItem("oauth.grant_type"), "client_credentials"));
    }

    /// <summary>Measurements of the service's meter from now on; the fixture's service runs in this process.</summary>
    private void Listen()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Ecommerce.Identity")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var pair in tags)
            {
                tag = pair.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, tag));
        });
        _meters.Start();
        _activities.ShouldListenTo = source => source.Name == "Ecommerce.Identity";
        _activities.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _activities.ActivityStopped = _spans.Enqueue;
        ActivitySource.AddActivityListener(_activities);
    }
}

[CollectionDefinition(TelemetryTests.Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone;
