using System.Security.Cryptography;
using System.Text;

namespace Ecommerce.TestSupport.Identity;

/// <summary>A PKCE pair (RFC 7636): the verifier the client keeps, and its S256 challenge sent with the authorization request.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
