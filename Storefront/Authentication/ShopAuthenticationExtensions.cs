using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Storefront.Authentication;

/// <summary>
/// The shop is a backend for its pages: it signs people in at Identity.Api as the confidential client
/// <c>storefront</c> (authorization code with PKCE) and keeps their tokens inside its own encrypted, HttpOnly cookie,
/// so the browser never holds a token. Discovery, keys and the token endpoint are reached inside the platform
/// (<c>http://identity</c>); the browser is sent to the public issuer's pages, on the shop's own origin.
/// </summary>
public static class ShopAuthenticationExtensions
{
    public const string IdentityService = "identity";

    public static IHostApplicationBuilder AddShopAuthentication(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(StorefrontOptions.Section).Get<StorefrontOptions>() ?? new StorefrontOptions();
        builder.Services.Configure<StorefrontOptions>(builder.Configuration.GetSection(StorefrontOptions.Section));
        if (builder.Configuration["Authentication:Issuer"] is not { Length: > 0 } configuredIssuer || string.IsNullOrEmpty(settings.ClientSecret))
        {
            throw new InvalidOperationException(
                "The storefront signs people in at Identity.Api: set Authentication:Issuer (its public origin), Storefront:ClientSecret " +
                $"(the client's secret) and reference '{IdentityService}' from the AppHost (services__identity__http__0).");
        }

        // OpenIddict names itself with the trailing slash an origin has as an absolute URI.
        var issuer = new Uri(configuredIssuer, UriKind.Absolute);
        builder.Services.AddSingleton<AccessTokenRefresher>();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "shop.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = AccountEndpoints.SignInPath;
                options.ReturnUrlParameter = AccountEndpoints.ReturnUrlParameter;
                // The session lasts as long as its refresh token can: Identity.Api's default is 14 days.
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
                // A signed-in person who is not an admin is told a back-office page does not exist, as the APIs say of
                // another's order: the shop does not show where its back office is.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<AccessTokenRefresher>().ValidateAsync(context);
            })
            .AddOpenIdConnect(options =>
            {
                options.MetadataAddress = $"http://{IdentityService}/.well-known/openid-configuration";
                // Discovery, keys and tokens come over plain HTTP inside the platform; people reach the issuer over TLS at the ingress.
                options.RequireHttpsMetadata = false;
                options.ClientId = settings.ClientId;
                options.ClientSecret = settings.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                // The shop and Identity.Api share one origin, so the code comes back in the query with Lax cookies,
                // rather than as a cross-site form post that needs SameSite=None (and so TLS, which the local run has not).
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.UsePkce = true;
                options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.Scope.Clear();
                foreach (var scope in settings.Scopes)
                {
                    options.Scope.Add(scope);
                }

                options.TokenValidationParameters.ValidIssuer = issuer.AbsoluteUri;
                options.TokenValidationParameters.NameClaimType = "email";
                options.TokenValidationParameters.RoleClaimType = "role";
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.IssuerAddress = new Uri(issuer, "connect/authorize").AbsoluteUri;
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToIdentityProviderForSignOut = context =>
                {
                    context.ProtocolMessage.IssuerAddress = new Uri(issuer, "connect/endsession").AbsoluteUri;
                    return Task.CompletedTask;
                };
                // A login the person cancelled, or a code that could not be redeemed, is a page, not an exception; the
                // reason is logged, since a wrong client secret would otherwise look like every shopper giving up.
                options.Events.OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ShopAuthenticationExtensions))
                        .LogWarning("Signing in did not complete: {Reason}", context.Failure?.Message);
                    context.Response.Redirect(AccountEndpoints.SignInFailedPath);
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, clients) => options.Backchannel = clients.CreateClient(IdentityService));
        // Discovery, codes and refreshes answer in milliseconds: a page does not wait half a minute on a stuck Identity.Api.
        builder.Services.AddHttpClient(IdentityService, client =>
        {
            client.BaseAddress = new Uri($"http://{IdentityService}");
            client.Timeout = TimeSpan.FromSeconds(5);
        });
        return builder;
    }
}
