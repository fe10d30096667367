using System.Text.Json.Nodes;

namespace Ecommerce.TestSupport.Identity;

/// <summary>Who calls, and the token they send (none for anyone); a genuine token is one its issuer signed and that is still valid.</summary>
public sealed record TestCaller(string Name, string? Token, bool Genuine = true)
{
    /// <summary>The token's payload, for a caller that sends one.</summary>
    public JsonObject? Claims => Token is null ? null : OAuthClient.Decode(Token).Payload;

    /// <summary>Whether a service of <paramref name="audience"/> takes the token as proof of who calls.</summary>
    public bool IsAcceptedBy(string audience) => Genuine && Claims?["aud"] switch
    {
        JsonArray audiences => audiences.Any(a => a?.GetValue<string>() == audience),
        JsonValue single => single.GetValue<string>() == audience,
        _ => false,
    };

    public override string ToString() => Name;
}

/// <summary>
/// The callers of docs/api.md's "who may call what", with tokens shaped as Identity.Api issues them (a person's from the
/// storefront, the back office's and Orders.Api's from client credentials), and the tokens every service must refuse:
/// one for another audience, an expired one, one changed after signing, an unsigned one (alg: none).
/// </summary>
public sealed class Callers(TestIssuer issuer)
{
    public const string CustomerId = "01936f2e-0000-7000-8000-00000000c001";
    public const string OtherCustomerId = "01936f2e-0000-7000-8000-00000000c002";
    public const string AdminId = "01936f2e-0000-7000-8000-00000000ad01";

    private const string AdminScopes = "openid carts orders catalog.write orders.manage";

    public static TestCaller Anonymous => new("anonymous", null);

    public TestCaller Customer => new("customer", issuer.PersonToken(CustomerId));

    public TestCaller OtherCustomer => new("another customer", issuer.PersonToken(OtherCustomerId));

    public TestCaller Admin => new("admin", issuer.PersonToken(AdminId, admin: true));

    public TestCaller BackOffice => new("back-office", issuer.BackOfficeToken());

    public TestCaller OrdersService => new("orders-service", issuer.OrdersServiceToken());

    public TestCaller OtherAudience => new("a token for another audience", issuer.AccessToken(AdminId, AdminScopes, role: "admin", audience: "somewhere-else"), Genuine: false);

    public TestCaller Expired => new("an expired token", issuer.AccessToken(AdminId, AdminScopes, role: "admin", expiresIn: TimeSpan.FromMinutes(-5)), Genuine: false);

    /// <summary>A customer's token whose payload was swapped, after signing, for an admin's.</summary>
    public TestCaller Tampered
    {
        get
        {
            var signed = issuer.PersonToken(CustomerId).Split('.');
            var forged = issuer.AccessToken(CustomerId, AdminScopes, role: "admin").Split('.');
            return new("a tampered token", $"{signed[0]}.{forged[1]}.{signed[2]}", Genuine: false);
        }
    }

    public TestCaller AlgorithmNone => new("an unsigned token (alg: none)", issuer.Sign(
        new JsonObject { ["alg"] = "none", ["typ"] = "at+jwt" },
        JsonNode.Parse(OAuthClient.Decode(Admin.Token!).Payload.ToJsonString())!.AsObject()), Genuine: false);

    /// <summary>Every caller, in the order the matrix lists them.</summary>
    public IReadOnlyList<TestCaller> All =>
        [Anonymous, Customer, OtherCustomer, Admin, BackOffice, OrdersService, OtherAudience, Expired, Tampered, AlgorithmNone];
}
