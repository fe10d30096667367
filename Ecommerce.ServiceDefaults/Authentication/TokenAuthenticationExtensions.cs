using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Bearer tokens of Identity.Api for this service (docs/identity.md): a JWT access token (<c>typ: at+jwt</c>, RS256) whose
/// <c>iss</c> is the public issuer (<c>Authentication:Issuer</c>, the origin people reach Identity.Api at) and whose
/// <c>aud</c> names the service, signed by one of the issuer's keys. The keys come from Identity.Api's discovery document,
/// fetched inside the platform through service discovery (the AppHost's or the cluster's reference to <c>identity</c>, or
/// <c>Authentication:Authority</c>), and are fetched again when a token names a key the service does not know. A service
/// given the keys themselves (<c>Authentication:SigningKeys</c>, a JWKS) trusts exactly those. Without an issuer and a
/// source of keys it does not start. Keys that cannot be fetched (Identity.Api is down and none is known yet) are a
/// dependency failure, which the exception handler answers with 503, not 401. Each token is validated in full once and
/// its verdict remembered until it expires (<see cref="RememberingTokenHandler"/>).
/// </summary>
public static class TokenAuthenticationExtensions
{
    public const string SectionName = "Authentication";

    /// <summary>The name service discovery knows Identity.Api by.</summary>
    public const string IdentityService = "identity";

    /// <summary>The name AddOpenApi gives the one document a service has.</summary>
    private const string OpenApiDocumentName = "v1";

    public static IHostApplicationBuilder AddTokenAuthentication(
        this IHostApplicationBuilder builder, string audience, Action<AuthorizationBuilder> policies)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var authority = section["Authority"] ?? (builder.Configuration.GetSection($"services:{IdentityService}").Exists() ? $"http://{IdentityService}" : null);
        var signingKeys = section["SigningKeys"];
        if (section["Issuer"] is not { Length: > 0 } configuredIssuer || (authority is null && signingKeys is null))
        {
            throw new InvalidOperationException(
                $"{builder.Environment.ApplicationName} validates tokens but does not know their issuer: set Authentication:Issuer (the public " +
                $"origin, as Identity.Api names itself) and reference '{IdentityService}' from the AppHost (services__identity__http__0), " +
                "or set Authentication:Authority, or Authentication:SigningKeys (a JWKS).");
        }

        // OpenIddict writes its issuer as an absolute URI, with the trailing slash an origin then has.
        var issuer = new Uri(configuredIssuer, UriKind.Absolute).AbsoluteUri;
        builder.Services.Configure<TokenIssuerOptions>(options => options.Issuer = new Uri(issuer));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = signingKeys is null ? authority : null;
            // Discovery and keys come over plain HTTP inside the platform; people reach the issuer over TLS at the ingress.
            options.RequireHttpsMetadata = false;
            options.MapInboundClaims = false;
            // After a key rotation, the first token signed with the new key makes the service fetch the keys again.
            options.RefreshOnIssuerKeyNotFound = true;
            options.RefreshInterval = TimeSpan.FromSeconds(30);
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = audience,
                ValidIssuer = issuer,
                IssuerSigningKeys = signingKeys is null ? null : new JsonWebKeySet(signingKeys).GetSigningKeys(),
                ValidTypes = ["at+jwt"],
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                NameClaimType = Caller.SubjectClaim,
                RoleClaimType = Caller.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = ThrowWhenKeysCannotBeFetchedAsync,
                OnChallenge = context => DescribeAudienceFailure(context, audience),
            };
        });
        // Its TimeProvider is the one AddWebAppDefaults registers.
        builder.Services.TryAddSingleton<RememberingTokenHandler>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory, RememberingTokenHandler>((options, clients, tokens) =>
            {
                options.Backchannel = clients.CreateClient(IdentityService);
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(tokens);
            });

        policies(builder.Services.AddAuthorizationBuilder());
        builder.Services.AddSingleton<OAuthSecurityTransformer>();
        builder.Services.Configure<OpenApiOptions>(OpenApiDocumentName, options => options
            .AddDocumentTransformer<OAuthSecurityTransformer>()
            .AddOperationTransformer<OAuthSecurityTransformer>());
        return builder;
    }

    /// <summary>
    /// A token refused because the keys could not be fetched (Identity.Api is down and none is known yet) is refused for
    /// Identity.Api's failure, not its own: a dependency failure, which the exception handler answers with 503.
    /// </summary>
    private static async Task ThrowWhenKeysCannotBeFetchedAsync(AuthenticationFailedContext context)
    {
        if (context.Options.ConfigurationManager is not { } configuration)
        {
            return;
        }

        try
        {
            await configuration.GetConfigurationAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidOperationException || DependencyFailures.IsCommonDependencyFailure(ex))
        {
            throw new HttpRequestException("Identity.Api's discovery document and keys could not be fetched.", ex);
        }
    }

    /// <summary>
    /// The challenge of a token refused for its audience says whom the token was issued for and which audience this API
    /// takes. JwtBearer describes the refusal from what IdentityModel's exception carries, and IdentityModel leaves the
    /// token's audiences out of it unless the whole process is told to stop hiding what tokens hold (an AppContext switch,
    /// which would put them in every log too): the description read "The audience '(null)' is invalid" of a token naming
    /// two. The audiences are read here from the token the caller sent, which holds them anyway; the check itself is
    /// IdentityModel's, unchanged, and the signature was verified before it.
    /// </summary>
    private static Task DescribeAudienceFailure(JwtBearerChallengeContext context, string audience)
    {
        if (context.AuthenticateFailure is SecurityTokenInvalidAudienceException && context.ErrorDescription is not null)
        {
            var audiences = AudiencesOfSentToken(context.Request).Select(Quoted).ToList();
            context.ErrorDescription = audiences.Count == 0
                ? $"The token names no audience; this API takes tokens issued for {Quoted(audience)}"
                : $"The token was issued for {string.Join(", ", audiences)}, not for this API ({Quoted(audience)})";
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<string> AudiencesOfSentToken(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : "";
        return new JsonWebTokenHandler().CanReadToken(token) ? new JsonWebToken(token).Audiences : [];
    }

    /// <summary>
    /// An audience as it may stand in the quoted string of a <c>WWW-Authenticate</c> parameter, which JwtBearer writes as
    /// it is given: anything but printable ASCII, a quote or a backslash is shown as '?'. (How long it can be is bounded
    /// by the request's headers, which held it.)
    /// </summary>
    private static string Quoted(string audience) =>
        $"'{string.Concat(audience.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?'))}'";

    /// <summary>A policy, named as its scope, met by a token that holds <paramref name="scope"/>.</summary>
    public static AuthorizationBuilder AddScopePolicy(this AuthorizationBuilder builder, string scope) =>
        builder.AddScopePolicy(scope, scope);

    /// <summary>A policy met by a token that holds any one of <paramref name="scopes"/>; the OpenAPI document names them.</summary>
    public static AuthorizationBuilder AddScopePolicy(this AuthorizationBuilder builder, string name, params string[] scopes)
    {
        builder.Services.Configure<TokenIssuerOptions>(options => options.PolicyScopes[name] = scopes);
        return builder.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => scopes.Any(context.User.HasScope)));
    }
}
