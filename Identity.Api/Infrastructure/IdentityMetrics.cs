using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Identity.Api.Infrastructure;

/// <summary>Logins, registrations, lockouts and issued tokens, and the spans of logins and token issuance.</summary>
public sealed class IdentityMetrics
{
    public const string MeterName = "Ecommerce.Identity";

    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _logins;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _lockouts;
    private readonly Counter<long> _tokensIssued;

    public IdentityMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _logins = meter.CreateCounter<long>("ecommerce.identity.logins", "{login}", "Login attempts, by outcome.");
        _registrations = meter.CreateCounter<long>("ecommerce.identity.registrations", "{user}", "People who registered.");
        _lockouts = meter.CreateCounter<long>("ecommerce.identity.lockouts", "{user}", "Accounts locked out after repeated failed logins.");
        _tokensIssued = meter.CreateCounter<long>("ecommerce.identity.tokens_issued", "{token}", "Access tokens issued, by grant type.");
    }

    public void Login(string outcome) => _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Registered() => _registrations.Add(1);

    public void LockedOut() => _lockouts.Add(1);

    public void TokenIssued(string grantType) => _tokensIssued.Add(1, new KeyValuePair<string, object?>("grant_type", grantType));
}
