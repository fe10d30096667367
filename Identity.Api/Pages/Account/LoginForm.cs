using System.ComponentModel.DataAnnotations;

namespace Identity.Api.Pages.Account;

/// <summary>What the login and registration forms post; the limits are ASP.NET Core Identity's columns.</summary>
public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
    [StringLength(256, ErrorMessage = "An email address has at most 256 characters.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(128, ErrorMessage = "A password has at most 128 characters.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
