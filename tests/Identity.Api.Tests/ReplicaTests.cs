using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Api.Tests;

/// <summary>
/// Several replicas, restarts and a key rotation: every replica is configured with the same certificates and database,
/// so what one issues (a code, a token, a login cookie) another accepts, before and after a restart.
/// </summary>
public class ReplicaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Two_replicas_starting_together_on_an_empty_database_both_start_and_share_every_grant()
    {
        var settings = await IdentitySettings.CreateAsync(postgres);
        var starting = await Task.WhenAll(Task.Run(settings.Start), Task.Run(settings.Start));
        await using var first = starting[0];
        await using var second = starting[1];
        using var person = new Person(first.BaseAddress);
        await person.RegisterAsync();

        // Signed in on the first replica, the person's cookie is good on the second (their ports differ; cookies ignore ports).
        var authorize = $"{second.BaseAddress}connect/authorize?client_id=api-reference&response_type=code&scope=openid%20carts&redirect_uri={Uri.EscapeDataString(IdentitySettings.Callback)}&code_challenge=";
        var pkce = Pkce.Create();
        var fromSecond = await person.Browser.GetAsync($"{authorize}{pkce.Challenge}&code_challenge_method=S256");
        Assert.StartsWith(IdentitySettings.Callback, fromSecond.Headers.Location!.ToString(), StringComparison.Ordinal);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(fromSecond.Headers.Location.Query)["code"].ToString();

        // The second replica's code is redeemed at the first, and the first's token validates with the second's keys.
        var tokens = await first.Client.ExchangeCodeAsync("api-reference", code, IdentitySettings.Callback, pkce.Verifier).TokensAsync();
        Assert.True(await ValidatesAsync(second.Client, tokens["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_token_and_a_refresh_token_issued_before_a_restart_are_good_after_it()
    {
        var settings = await IdentitySettings.CreateAsync(postgres);
        string accessToken, refreshToken;
        await using (var before = settings.Start())
        {
            using var person = new Person(before.BaseAddress);
            await person.RegisterAsync();
            var authorization = await person.AuthorizeAsync("api-reference", IdentitySettings.Callback, "openid offline_access carts");
            var tokens = await before.Client.ExchangeCodeAsync("api-reference", authorization.Code!, IdentitySettings.Callback, authorization.Pkce.Verifier).TokensAsync();
            (accessToken, refreshToken) = (tokens["access_token"]!.GetValue<string>(), tokens["refresh_token"]!.GetValue<string>());
        }

        await using var after = settings.Start();

        Assert.True(await ValidatesAsync(after.Client, accessToken));
        Assert.NotNull((await after.Client.RefreshAsync("api-reference", refreshToken).TokensAsync())["access_token"]);
    }

    [Fact]
    public async Task A_new_signing_key_beside_the_old_one_signs_new_tokens_while_the_old_ones_still_validate()
    {
        var settings = await IdentitySettings.CreateAsync(postgres);
        string oldToken;
        await using (var before = settings.Start())
        {
            oldToken = (await before.Client.ClientCredentialsAsync("back-office", settings.BackOfficeSecret, "catalog.write").TokensAsync())["access_token"]!.GetValue<string>();
        }

        // The operator adds a certificate that expires later than the current one; OpenIddict signs with it from now on.
        var rotated = settings with
        {
            SigningCertificates = settings.SigningCertificates + TestCertificates.Pem("signing-next", X509KeyUsageFlags.DigitalSignature, DateTimeOffset.UtcNow.AddYears(3)),
        };
        await using var after = rotated.Start();
        var newToken = (await after.Client.ClientCredentialsAsync("back-office", settings.BackOfficeSecret, "catalog.write").TokensAsync())["access_token"]!.GetValue<string>();

        Assert.Equal(2, (await after.Client.GetFromJsonAsync<JsonWebKeySet>("/.well-known/jwks"))!.Keys.Count);
        Assert.NotEqual(OAuthClient.Decode(oldToken).Header["kid"]!.GetValue<string>(), OAuthClient.Decode(newToken).Header["kid"]!.GetValue<string>());
        Assert.True(await ValidatesAsync(after.Client, oldToken));
        Assert.True(await ValidatesAsync(after.Client, newToken));
    }

    [Fact]
    public async Task Without_its_keys_or_issuer_the_provider_does_not_start()
    {
        var settings = (await IdentitySettings.CreateAsync(postgres)).ToConfiguration();
        settings.Remove("Identity:SigningCertificates");
        settings.Remove("Identity:Issuer");

        var error = Assert.ThrowsAny<Exception>(() => new RunningService<Program>(settings).Start());

        Assert.Contains("Identity:SigningCertificates", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Identity:Issuer", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>What a service does with a token: checks its signature with the published keys, its issuer and its lifetime.</summary>
    private static async Task<bool> ValidatesAsync(HttpClient identity, string token)
    {
        var keys = (await identity.GetFromJsonAsync<JsonWebKeySet>("/.well-known/jwks"))!;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = IdentitySettings.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
        });
        return result.IsValid;
    }
}
