using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Ecommerce.TestSupport.Identity;

/// <summary>
/// An issuer a service under test is configured to trust (<c>Authentication:Issuer</c> and <c>Authentication:SigningKeys</c>),
/// with an RSA key of its own: the tests sign real JWTs with it, shaped as Identity.Api shapes them (docs/identity.md), and a
/// real Identity.Api can be given the same key as its signing certificate, so that what it issues is trusted too.
/// </summary>
public sealed class TestIssuer : IDisposable
{
    public const string Issuer = "https://shop.test/";

    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;

    public TestIssuer()
    {
        var request = new CertificateRequest("CN=test issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>The key's id, as OpenIddict names a certificate's key: its thumbprint.</summary>
    public string KeyId => _certificate.Thumbprint;

    /// <summary>The certificate and its key in PEM, for Identity.Api's <c>Identity:SigningCertificates</c>.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem() + "\n" + _key.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>What a service is configured with to trust this issuer.</summary>
    public IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Authentication:Issuer"] = Issuer,
        ["Authentication:SigningKeys"] = KeySet().ToJsonString(),
    };

    /// <summary>
    /// An access token as Identity.Api issues one: its audiences follow from its scopes as docs/identity.md maps them, unless
    /// <paramref name="audience"/> names another; <paramref name="change"/> alters the payload before signing.
    /// </summary>
    public string AccessToken(string subject, string scope, string clientId = "storefront", string? role = null,
        TimeSpan? expiresIn = null, string? audience = null, Action<JsonObject>? change = null)
    {
        var now = DateTimeOffset.UtcNow;
        var audiences = audience is null ? AudiencesOf(scope) : [audience];
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = audiences.Length == 1 ? audiences[0] : new JsonArray(audiences.Select(a => (JsonNode)a).ToArray()),
            ["scope"] = scope,
            ["client_id"] = clientId,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = (now + (expiresIn ?? TimeSpan.FromMinutes(15))).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
        };
        if (role is not null)
        {
            payload["role"] = role;
        }

        change?.Invoke(payload);
        return Sign(new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "at+jwt" }, payload);
    }

    /// <summary>A person's token as the storefront gets it: carts and orders (and, for an admin, the admin scopes).</summary>
    public string PersonToken(string subject, bool admin = false) => admin
        ? AccessToken(subject, "openid carts orders catalog.write orders.manage", role: "admin")
        : AccessToken(subject, "openid carts orders");

    /// <summary>The back office's client-credentials token.</summary>
    public string BackOfficeToken() => AccessToken("back-office", "catalog.write orders.manage", clientId: "back-office");

    /// <summary>Orders.Api's client-credentials token.</summary>
    public string OrdersServiceToken() => AccessToken("orders-service", "inventory", clientId: "orders-service");

    /// <summary>
    /// Products.Api's writers, each with its own token: Orders.Api for the inventory, the back office for the catalog.
    /// Who else may call what is the authorization matrix's business.
    /// </summary>
    public string ProductsWriterToken(HttpRequestMessage request) =>
        request.RequestUri!.OriginalString.Contains("/inventory", StringComparison.Ordinal) ? OrdersServiceToken() : BackOfficeToken();

    private static string[] AudiencesOf(string scope) => scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => s switch
        {
            "carts" => "carts",
            "orders" or "orders.manage" => "orders",
            "catalog.write" or "inventory" => "products",
            _ => null,
        })
        .OfType<string>().Distinct().ToArray();

    /// <summary>The header and payload as given, signed: for headers no real token has (alg none, another typ).</summary>
    public string Sign(JsonObject header, JsonObject payload)
    {
        var signed = $"{Part(header)}.{Part(payload)}";
        if (header["alg"]?.GetValue<string>() == "none")
        {
            return signed + ".";
        }

        return $"{signed}.{Pkce.Base64Url(_key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }

    private JsonObject KeySet()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = KeyId,
                ["n"] = Pkce.Base64Url(parameters.Modulus!),
                ["e"] = Pkce.Base64Url(parameters.Exponent!),
            }),
        };
    }

    private static string Part(JsonObject json) => Pkce.Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
