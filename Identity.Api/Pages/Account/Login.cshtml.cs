using Identity.Api.Infrastructure;
using Identity.Api.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace Identity.Api.Pages.Account;

/// <summary>Email and password; five wrong passwords in a row lock the account for five minutes.</summary>
public sealed class LoginModel(SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, IdentityMetrics metrics) : PageModel
{
    [BindProperty]
    public LoginForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public string? SignedInAs { get; private set; }

    public void OnGet() => SignedInAs = signIn.IsSignedIn(User) ? User.Identity?.Name : null;

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Refused(StatusCodes.Status400BadRequest, null);
        }

        using var activity = IdentityMetrics.ActivitySource.StartActivity("login");
        var user = await users.FindByEmailAsync(Form.Email);
        var wasLockedOut = user is not null && await users.IsLockedOutAsync(user);
        var result = user is null
            ? SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Form.Password, isPersistent: false, lockoutOnFailure: true);
        var outcome = result switch
        {
            { Succeeded: true } => "succeeded",
            { IsLockedOut: true } => "locked_out",
            { IsNotAllowed: true } => "not_allowed",
            _ => "failed",
        };
        activity?.SetTag("login.outcome", outcome);
        metrics.Login(outcome);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.LocalOrHome(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            if (!wasLockedOut)
            {
                metrics.LockedOut();
            }

            if (await users.GetLockoutEndDateAsync(user!) is { } end)
            {
                Response.Headers.RetryAfter = ((int)Math.Ceiling((end - DateTimeOffset.UtcNow).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Refused(StatusCodes.Status429TooManyRequests, "Too many wrong passwords: this account is locked for a few minutes.");
        }

        return Refused(StatusCodes.Status400BadRequest, "The email address or the password is wrong.");
    }

    private PageResult Refused(int status, string? message)
    {
        Message = message;
        Form.Password = "";
        return new PageResult { StatusCode = status };
    }
}
