using Identity.Api.Infrastructure;
using Identity.Api.Model;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace Identity.Api.Pages.Account;

/// <summary>
/// The device flow's verification page (RFC 8628): a signed-in person enters (or follows a link with) the code a
/// terminal shows, sees which client asks for what, and approves or denies. OpenIddict reads the code before this page.
/// </summary>
public sealed class DeviceModel(
    UserManager<ApplicationUser> users, TokenPrincipals principals, IOpenIddictApplicationManager applications) : PageModel
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public string? ClientName { get; private set; }

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public string? UserCode { get; private set; }

    public string? Message { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Approved { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        if (string.IsNullOrEmpty(request?.UserCode))
        {
            return Page();
        }

        var pending = await HttpContext.AuthenticateAsync(Scheme);
        if (!pending.Succeeded || pending.Principal.GetClaim(OpenIddictConstants.Claims.ClientId) is not { } clientId)
        {
            Message = "This code is not valid, or has expired. Start again on your device.";
            return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
        }

        ClientName = await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
            ? await applications.GetLocalizedDisplayNameAsync(application, cancellationToken)
            : clientId;
        Scopes = pending.Principal.GetScopes();
        UserCode = request.UserCode;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? decision, CancellationToken cancellationToken)
    {
        // Without its user code a post names no device request, and signing it in would have nothing to approve.
        var pending = string.IsNullOrEmpty(HttpContext.GetOpenIddictServerRequest()?.UserCode) ? null : await HttpContext.AuthenticateAsync(Scheme);
        var user = await users.GetUserAsync(User);
        if (pending is not { Succeeded: true } || user is null)
        {
            Message = "This code is not valid, or has expired. Start again on your device.";
            return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
        }

        if (decision != "approve")
        {
            // The device hears access_denied on its next poll.
            return Forbid(new AuthenticationProperties { RedirectUri = "/account/device" }, Scheme);
        }

        return SignIn(await principals.ForUserAsync(user, pending.Principal!.GetScopes(), cancellationToken),
            new AuthenticationProperties { RedirectUri = "/account/device?approved=true" }, Scheme);
    }
}
