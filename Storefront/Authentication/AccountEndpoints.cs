using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Storefront.Authentication;

/// <summary>Signing in and out: the login itself is Identity.Api's page; these start it and end it.</summary>
public static class AccountEndpoints
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string SignInFailedPath = "/signin-failed";
    public const string ReturnUrlParameter = "returnUrl";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, SignIn).AllowAnonymous();
        // A form post with the antiforgery token (the form binding checks it): no other site can sign a shopper out.
        app.MapPost(SignOutPath, SignOutAsync).AllowAnonymous();
        return app;
    }

    /// <summary>Starts the login at Identity.Api, coming back to <paramref name="returnUrl"/> when it is a page of the shop.</summary>
    public static IResult SignIn(string? returnUrl) =>
        TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]);

    /// <summary>
    /// Ends the shop's session and Identity.Api's (RP-initiated logout), then back to the catalog. The session's refresh
    /// token is revoked first: a copy of the cookie taken before is good for nothing after.
    /// </summary>
    /// <param name="form">Bound only so that the form binding checks the antiforgery token.</param>
    public static async Task<IResult> SignOutAsync(
        HttpContext context, IFormCollection form, IHttpClientFactory clients, IOptions<StorefrontOptions> options, ILogger<StorefrontOptions> logger)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return TypedResults.LocalRedirect("/");
        }

        if (await context.GetTokenAsync("refresh_token") is { Length: > 0 } refreshToken)
        {
            await RevokeAsync(clients, options.Value, refreshToken, logger);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
    }

    private static async Task RevokeAsync(IHttpClientFactory clients, StorefrontOptions settings, string refreshToken, ILogger logger)
    {
        using var request = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = refreshToken,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret!,
        });
        try
        {
            using var response = await clients.CreateClient(ShopAuthenticationExtensions.IdentityService).PostAsync("/connect/revoke", request);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Identity.Api did not revoke a signed-out session's refresh token: {Status}", (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (Ecommerce.ServiceDefaults.Http.DependencyFailures.IsCommonDependencyFailure(ex))
        {
            // Signing out goes on: the token expires on its own, and the person must not be kept signed in by an outage.
            logger.LogWarning("Identity.Api could not be reached to revoke a signed-out session's refresh token: {Failure}", ex.GetType().Name);
        }
    }

    /// <summary>
    /// A path of this shop, or the catalog: never another origin (<c>//host</c>, <c>/\host</c>, <c>https://…</c>), so a link
    /// cannot use the shop's sign-in to send a person elsewhere.
    /// </summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is ['/', .. var rest] && rest is not ['/' or '\\', ..] && !returnUrl.Any(char.IsControl) ? returnUrl : "/";
}
