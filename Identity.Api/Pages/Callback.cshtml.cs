using Identity.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Identity.Api.Pages;

/// <summary>
/// A redirect URI a person can use by hand: the authorization code (or the error) of a login that came back here, and
/// how to exchange it in a terminal.
/// </summary>
public sealed class CallbackModel(IOptions<IdentityProviderOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "error")]
    public string? Error { get; set; }

    [BindProperty(SupportsGet = true, Name = "error_description")]
    public string? ErrorDescription { get; set; }

    public Uri Issuer => options.Value.Issuer!;

    public void OnGet()
    {
    }
}
