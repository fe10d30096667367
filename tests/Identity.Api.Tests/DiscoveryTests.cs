using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;

namespace Identity.Api.Tests;

/// <summary>The discovery document and the keys, as the services fetch them inside the platform.</summary>
public class DiscoveryTests(IdentityApiFixture identity) : IClassFixture<IdentityApiFixture>
{
    [Fact]
    public async Task The_document_names_the_public_issuer_and_this_hosts_endpoints()
    {
        var document = (await identity.Client.GetFromJsonAsync<JsonObject>("/.well-known/openid-configuration"))!;

        Assert.Equal(IdentitySettings.Issuer, document["issuer"]!.GetValue<string>());
        // Built from the request's host, so a service that fetched it from inside the platform fetches the keys there too.
        Assert.Equal(new Uri(identity.BaseAddress, "/.well-known/jwks").ToString(), document["jwks_uri"]!.GetValue<string>());
        Assert.Equal(new Uri(identity.BaseAddress, "/connect/token").ToString(), document["token_endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_flows_of_the_contract_are_offered_and_pkce_only_with_s256()
    {
        var document = (await identity.Client.GetFromJsonAsync<JsonObject>("/.well-known/openid-configuration"))!;

        Assert.Equal(["authorization_code", "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
            document["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["code"], document["response_types_supported"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["S256"], document["code_challenge_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task The_key_set_publishes_the_signing_key_and_no_private_part()
    {
        var keys = (await identity.Client.GetFromJsonAsync<JsonObject>("/.well-known/jwks"))!["keys"]!.AsArray();

        var key = Assert.Single(keys)!;
        Assert.Equal("RSA", key["kty"]!.GetValue<string>());
        Assert.Equal("sig", key["use"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(key["kid"]?.GetValue<string>()));
        Assert.Null(key["d"]);
    }
}
