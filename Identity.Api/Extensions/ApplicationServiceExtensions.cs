using System.Security.Cryptography.X509Certificates;
using Identity.Api.Infrastructure;
using Identity.Api.Model;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMigratedNpgsqlDbContext<IdentityContext>("identitydb");

        var section = builder.Configuration.GetSection(IdentityProviderOptions.Section);
        var settings = section.Get<IdentityProviderOptions>() ?? new IdentityProviderOptions();
        IdentityProviderOptionsValidation.ThrowIfInvalid(settings);
        builder.Services.Configure<IdentityProviderOptions>(section);
        var signing = CertificateBundle.Parse(settings.SigningCertificates!, "Identity:SigningCertificates");
        var encryption = CertificateBundle.Parse(settings.EncryptionCertificates!, "Identity:EncryptionCertificates");

        builder.Services.AddSingleton<IdentityMetrics>();
        // Approving a device needs a signed-in person; the other pages are where a person signs in.
        builder.Services.AddRazorPages(pages => pages.Conventions.AuthorizePage("/Account/Device"));
        builder.Services.AddScoped<TokenPrincipals>();

        builder.Services.AddIdentity<ApplicationUser, IdentityRole<Guid>>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                identity.Lockout.AllowedForNewUsers = true;
                // The token's claim names, so that a principal read back from a cookie or a code carries them as issued.
                identity.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                identity.ClaimsIdentity.UserNameClaimType = Claims.Name;
                identity.ClaimsIdentity.RoleClaimType = Claims.Role;
                identity.ClaimsIdentity.EmailClaimType = Claims.Email;
            })
            .AddEntityFrameworkStores<IdentityContext>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/login";
            cookie.Cookie.Name = "ecommerce.identity";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });

        // Every replica reads every other's cookies and antiforgery tokens: the keys are in the database, encrypted
        // with the encryption certificate (any configured one can decrypt, so it can be rotated).
        builder.Services.AddDataProtection()
            .SetApplicationName("Ecommerce.Identity")
            .PersistKeysToDbContext<IdentityContext>()
            .ProtectKeysWithCertificate(encryption[0])
            .UnprotectKeysWithAnyCertificate([.. encryption]);

        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // The issuer is configured; the host and scheme of a request only shape the URLs of the discovery document,
            // cookies and redirects, and are believed from the gateway alone (loopback, and the networks configured).
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in settings.TrustedProxyNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(server => ConfigureServer(server, settings, signing, encryption));

        builder.Services.AddOAuthErrorProblems();
        builder.Services.AddAttemptLimits(builder.Configuration);
        builder.Services.AddBrowserClientOrigins(settings);
        builder.Services.AddHostedService<ClientAndAdminSeeding>();
        return builder;
    }

    private static void ConfigureServer(
        OpenIddictServerBuilder server, IdentityProviderOptions settings, IReadOnlyList<X509Certificate2> signing,
        IReadOnlyList<X509Certificate2> encryption)
    {
        server.SetIssuer(settings.Issuer!)
            .SetAuthorizationEndpointUris("connect/authorize")
            .SetTokenEndpointUris("connect/token")
            .SetDeviceAuthorizationEndpointUris("connect/device")
            .SetEndUserVerificationEndpointUris("account/device")
            .SetUserInfoEndpointUris("connect/userinfo")
            .SetEndSessionEndpointUris("connect/endsession")
            .SetRevocationEndpointUris("connect/revoke")
            .SetJsonWebKeySetEndpointUris(".well-known/jwks");

        server.AllowAuthorizationCodeFlow()
            .AllowRefreshTokenFlow()
            .AllowClientCredentialsFlow()
            .AllowDeviceAuthorizationFlow()
            .RequireProofKeyForCodeExchange();
        // PKCE with S256 only: a "plain" challenge is the verifier itself, sent where it can be read.
        server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

        server.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, .. settings.Scopes.Keys]);
        server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
            .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
            // A refresh token is good for one use: a second one is refused at once (no grace period).
            .SetRefreshTokenReuseLeeway(TimeSpan.Zero);

        // JWT access tokens the services validate with the published keys alone (RFC 9068), not encrypted.
        server.DisableAccessTokenEncryption();
        foreach (var certificate in signing)
        {
            server.AddSigningCertificate(certificate);
        }

        foreach (var certificate in encryption)
        {
            server.AddEncryptionCertificate(certificate);
        }

        server.AddEventHandler(CountIssuedTokens.Descriptor);

        server.UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough()
            .EnableUserInfoEndpointPassthrough()
            .EnableEndSessionEndpointPassthrough()
            .EnableEndUserVerificationEndpointPassthrough()
            .EnableStatusCodePagesIntegration()
            // TLS is the ingress's: people and clients reach this service through Emissary, which ends TLS and says so in
            // X-Forwarded-Proto, while the services fetch discovery and keys inside the
            // cluster over plain HTTP; the local run is plain HTTP on the laptop.
            .DisableTransportSecurityRequirement();
    }
}
