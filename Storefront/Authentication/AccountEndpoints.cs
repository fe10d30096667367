using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

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

    /// <summary>Ends the shop's session and Identity.Api's (RP-initiated logout), then back to the catalog.</summary>
    public static async Task<IResult> SignOutAsync(HttpContext context, IFormCollection form)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return TypedResults.LocalRedirect("/");
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// A path of this shop, or the catalog: never another origin (<c>//host</c>, <c>/\host</c>, <c>https://…</c>), so a link
    /// cannot use the shop's sign-in to send a person elsewhere.
    /// </summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is ['/', .. var rest] && rest is not ['/' or '\\', ..] && !returnUrl.Any(char.IsControl) ? returnUrl : "/";
}
