using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.TestSupport.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Products.Api.Tests;

/// <summary>
/// The service's tokens are validated once and their verdict remembered (RememberingTokenHandler), with Products.Api's own
/// validation parameters and real tokens signed by the key it trusts. Each full validation is counted through the lifetime
/// check, which IdentityModel runs once per full validation and never for a remembered verdict.
/// </summary>
public class RememberedTokenTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private int _fullValidations;

    [Fact]
    public void The_service_validates_tokens_with_the_remembering_handler()
    {
        var options = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        Assert.Same(api.Services.GetRequiredService<RememberingTokenHandler>(), Assert.Single(options.TokenHandlers));
    }

    [Fact]
    public async Task A_token_is_validated_in_full_once_and_each_request_gets_its_own_identity()
    {
        using var handler = new RememberingTokenHandler(_time);
        var token = api.Issuer.BackOfficeToken();

        var results = new List<TokenValidationResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await handler.ValidateTokenAsync(token, Parameters()));
        }

        Assert.All(results, result => Assert.True(result.IsValid));
        Assert.All(results, result => Assert.Equal("back-office", result.ClaimsIdentity.FindFirst(Caller.SubjectClaim)?.Value));
        Assert.All(results, result => Assert.Equal("catalog.write orders.manage", result.ClaimsIdentity.FindFirst("scope")?.Value));
        Assert.Equal(3, results.Select(result => result.ClaimsIdentity).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(1, _fullValidations);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task A_remembered_acceptance_ends_when_the_token_expires()
    {
        using var handler = new RememberingTokenHandler(_time);
        var token = api.Issuer.BackOfficeToken();
        var expires = new DateTimeOffset(new JsonWebToken(token).ValidTo, TimeSpan.Zero);

        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        _time.SetUtcNow(expires - TimeSpan.FromSeconds(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal(1, _fullValidations);

        _time.SetUtcNow(expires);
        await handler.ValidateTokenAsync(token, Parameters());
        Assert.Equal(2, _fullValidations);
    }

    [Fact]
    public async Task A_remembered_acceptance_is_refused_once_its_key_is_no_longer_trusted()
    {
        using var handler = new RememberingTokenHandler(_time);
        using var nextIssuer = new TestIssuer();
        var token = api.Issuer.BackOfficeToken();
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var afterRotation = Parameters();
        afterRotation.IssuerSigningKeys = SigningKeysOf(nextIssuer);
        var result = await handler.ValidateTokenAsync(token, afterRotation);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(result.Exception);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task With_the_keys_of_a_discovery_document_a_verdict_outlives_no_fetch_of_the_keys()
    {
        // JwtBearer hands a discovery document's keys to the handler through its configuration manager, not the parameters.
        using var handler = new RememberingTokenHandler(_time);
        var token = api.Issuer.BackOfficeToken();
        TokenValidationParameters Discovered(OpenIdConnectConfiguration configuration)
        {
            var parameters = Parameters();
            parameters.IssuerSigningKeys = null;
            parameters.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            return parameters;
        }

        var fetched = Discovered(Configuration());
        Assert.True((await handler.ValidateTokenAsync(token, fetched)).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, fetched)).IsValid);
        Assert.Equal(1, _fullValidations);

        Assert.True((await handler.ValidateTokenAsync(token, Discovered(Configuration()))).IsValid);
        Assert.Equal(2, _fullValidations);

        OpenIdConnectConfiguration Configuration()
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = TestIssuer.Issuer };
            foreach (var key in SigningKeysOf(api.Issuer))
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_in_full_once_with_the_same_reason_after()
    {
        using var handler = new RememberingTokenHandler(_time);
        var customers = new Callers(api.Issuer).Customer.Token!;

        var first = await handler.ValidateTokenAsync(customers, Parameters());
        var second = await handler.ValidateTokenAsync(customers, Parameters());

        Assert.IsType<SecurityTokenInvalidAudienceException>(first.Exception);
        Assert.False(second.IsValid);
        Assert.Same(first.Exception, second.Exception);
        Assert.Equal(1, _fullValidations);
    }

    [Fact]
    public async Task A_token_whose_signature_does_not_verify_is_checked_again_every_time_and_never_remembered()
    {
        using var handler = new RememberingTokenHandler(_time);
        var token = api.Issuer.BackOfficeToken();
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        for (var i = 0; i < 2; i++)
        {
            var result = await handler.ValidateTokenAsync(forged, Parameters());
            Assert.False(result.IsValid);
            Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
        }

        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task No_more_tokens_are_remembered_than_the_capacity_and_the_rest_are_still_validated()
    {
        using var handler = new RememberingTokenHandler(_time, capacity: 3);
        var tokens = Enumerable.Range(0, 6).Select(i => api.Issuer.AccessToken($"user-{i}", "catalog.write")).ToList();

        foreach (var token in tokens.Concat(tokens))
        {
            var result = await handler.ValidateTokenAsync(token, Parameters());
            Assert.True(result.IsValid);
            Assert.Equal(token, ((JsonWebToken)result.SecurityToken).EncodedToken);
            Assert.InRange(handler.Count, 1, 3);
        }

        Assert.InRange(_fullValidations, 9, 12);
    }

    /// <summary>Products.Api's parameters, as JwtBearer hands them to the handler on each request (a copy), counting full validations.</summary>
    private TokenValidationParameters Parameters()
    {
        var parameters = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters.Clone();
        parameters.LifetimeValidator = (notBefore, expires, token, validation) =>
        {
            Interlocked.Increment(ref _fullValidations);
            Validators.ValidateLifetime(notBefore, expires, token, Without(validation));
            return true;
        };
        return parameters;
    }

    /// <summary>The keys a service configured to trust <paramref name="issuer"/> reads from its key set.</summary>
    private static IList<SecurityKey> SigningKeysOf(TestIssuer issuer) =>
        new JsonWebKeySet(issuer.ServiceSettings["Authentication:SigningKeys"]).GetSigningKeys();

    private static TokenValidationParameters Without(TokenValidationParameters validation)
    {
        var plain = validation.Clone();
        plain.LifetimeValidator = null;
        return plain;
    }
}
