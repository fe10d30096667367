using Identity.Api.Infrastructure;
using Identity.Api.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Api.Pages.Account;

/// <summary>An email address and a password (ASP.NET Core Identity's rules); the new person is signed in and sent back.</summary>
public sealed class RegisterModel(SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, IdentityMetrics metrics) : PageModel
{
    [BindProperty]
    public RegisterForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var user = new ApplicationUser { UserName = Form.Email, Email = Form.Email };
            var created = await users.CreateAsync(user, Form.Password);
            if (created.Succeeded)
            {
                metrics.Registered();
                await signIn.SignInAsync(user, isPersistent: false);
                return LocalRedirect(Url.LocalOrHome(ReturnUrl));
            }

            foreach (var error in created.Errors)
            {
                // Identity names the field at fault in its error codes (DuplicateEmail, PasswordTooShort…).
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "Form.Password" : "Form.Email", error.Description);
            }
        }

        Form.Password = Form.ConfirmPassword = "";
        return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
    }
}
