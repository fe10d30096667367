using Identity.Api.Infrastructure;
using Identity.Api.Model;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Apis;

/// <summary>
/// The OpenID Connect endpoints where the platform decides who gets what; OpenIddict has validated the request before
/// any of these runs, and turns their sign-in into the tokens (discovery, keys, device authorization and revocation
/// are OpenIddict's alone).
/// </summary>
public static class ConnectApi
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/connect").ExcludeFromDescription().AllowAnonymous();
        api.MapMethods("authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)Authorize).DisableAntiforgery();
        api.MapPost("token", (Delegate)Exchange).DisableAntiforgery();
        api.MapMethods("userinfo", [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfo).DisableAntiforgery();
        api.MapMethods("endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSession).DisableAntiforgery();
        return app;
    }

    /// <summary>A person's authorization code: sign in first if need be (then come back here), no consent for first-party clients.</summary>
    public static async Task<IResult> Authorize(
        HttpContext context, UserManager<ApplicationUser> users, TokenPrincipals principals, CancellationToken cancellationToken)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this request.");
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The person is not signed in.");
            }

            // Back here after the login page, without prompt=login, which asked for that login and has had it.
            var parameters = context.Request.HasFormContentType ? [.. context.Request.Form] : context.Request.Query.ToList();
            parameters.RemoveAll(parameter => parameter.Key == Parameters.Prompt);
            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        return Results.SignIn(await principals.ForUserAsync(user, request.GetScopes(), cancellationToken), properties: null, Scheme);
    }

    /// <summary>Tokens for a code, a refresh token or an approved device code (for the person, as they are now), or for a client's own credentials.</summary>
    public static async Task<IResult> Exchange(
        HttpContext context, UserManager<ApplicationUser> users, TokenPrincipals principals, CancellationToken cancellationToken)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this request.");
        using var activity = IdentityMetrics.ActivitySource.StartActivity("issue token");
        activity?.SetTag("oauth.grant_type", request.GrantType);
        activity?.SetTag("oauth.client_id", request.ClientId);
        if (request.IsClientCredentialsGrantType())
        {
            return Results.SignIn(await principals.ForClientAsync(request.ClientId!, request.GetScopes(), cancellationToken), properties: null, Scheme);
        }

        // Authorization code, refresh token, device code: OpenIddict has read the person and the scopes out of it.
        var granted = (await context.AuthenticateAsync(Scheme)).Principal;
        var user = granted?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return Refuse(Errors.InvalidGrant, "The account this grant was given for cannot sign in any more.");
        }

        return Results.SignIn(await principals.ForUserAsync(user, granted!.GetScopes(), cancellationToken), properties: null, Scheme);
    }

    /// <summary>The person behind an access token, as far as its scopes let the client know them.</summary>
    public static async Task<IResult> UserInfo(HttpContext context, UserManager<ApplicationUser> users)
    {
        var token = (await context.AuthenticateAsync(Scheme)).Principal;
        var user = token?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (token is null || user is null)
        {
            return Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The token is not a person's.",
            }), [Scheme]);
        }

        var claims = new Dictionary<string, object?> { [Claims.Subject] = user.Id.ToString() };
        if (token.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }

        if (token.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.UserName;
        }

        claims[Claims.Role] = await users.GetRolesAsync(user);
        return Results.Ok(claims);
    }

    /// <summary>Signs the person out here, then sends them where the client asked (one of its registered addresses).</summary>
    public static async Task<IResult> EndSession(HttpContext context)
    {
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/account/login" }, [Scheme]);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), [Scheme]);
}
