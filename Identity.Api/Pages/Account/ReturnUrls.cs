namespace Identity.Api.Pages.Account;

internal static class ReturnUrls
{
    /// <summary>Only a path of this site: a return URL elsewhere would make the login page an open redirect.</summary>
    public static string LocalOrHome(this Microsoft.AspNetCore.Mvc.IUrlHelper url, string? returnUrl) =>
        returnUrl is not null && url.IsLocalUrl(returnUrl) ? returnUrl : "/account/login";
}
