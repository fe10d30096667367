using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ecommerce.TestSupport.Identity;

/// <summary>The token endpoint's requests as RFC 6749 and RFC 8628 write them, and what a JWT says.</summary>
public static class OAuthClient
{
    public static Task<HttpResponseMessage> TokenAsync(this HttpClient client, params (string Name, string Value)[] parameters) =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))));

    public static Task<HttpResponseMessage> ClientCredentialsAsync(this HttpClient client, string clientId, string secret, string scope) =>
        client.TokenAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", scope));

    public static Task<HttpResponseMessage> ExchangeCodeAsync(this HttpClient client, string clientId, string code, string redirectUri, string verifier) =>
        client.TokenAsync(("grant_type", "authorization_code"), ("client_id", clientId), ("code", code), ("redirect_uri", redirectUri), ("code_verifier", verifier));

    public static Task<HttpResponseMessage> RefreshAsync(this HttpClient client, string clientId, string refreshToken) =>
        client.TokenAsync(("grant_type", "refresh_token"), ("client_id", clientId), ("refresh_token", refreshToken));

    /// <summary>A token response's JSON, with the status in the failure message when it is not a 200.</summary>
    public static async Task<JsonObject> TokensAsync(this Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body)!.AsObject()
            : throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {body}");
    }

    public static Task<HttpResponseMessage> UserInfoAsync(this HttpClient client, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request);
    }

    /// <summary>True when an RS256 JWT's signature verifies with the key of its <c>kid</c> in <paramref name="keySet"/> (a JWKS).</summary>
    public static bool IsSignedBy(string jwt, JsonObject keySet)
    {
        var kid = Decode(jwt).Header["kid"]?.GetValue<string>();
        if (keySet["keys"]!.AsArray().FirstOrDefault(k => k!["kid"]?.GetValue<string>() == kid) is not { } key)
        {
            return false;
        }

        using var rsa = RSA.Create(new RSAParameters { Modulus = Bytes(key["n"]!.GetValue<string>()), Exponent = Bytes(key["e"]!.GetValue<string>()) });
        var signed = jwt[..jwt.LastIndexOf('.')];
        return rsa.VerifyData(Encoding.ASCII.GetBytes(signed), Bytes(jwt[(jwt.LastIndexOf('.') + 1)..]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>A JWT's header and payload, read (not validated).</summary>
    public static (JsonObject Header, JsonObject Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        return (Part(parts[0]), Part(parts[1]));

        static JsonObject Part(string part) => JsonNode.Parse(Encoding.UTF8.GetString(Bytes(part)))!.AsObject();
    }

    private static byte[] Bytes(string base64Url) =>
        Convert.FromBase64String(base64Url.Replace('-', '+').Replace('_', '/').PadRight(base64Url.Length + (4 - base64Url.Length % 4) % 4, '='));
}
