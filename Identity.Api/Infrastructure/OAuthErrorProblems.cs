using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Infrastructure;

/// <summary>
/// An authorization request OpenIddict cannot send back to its client (an unknown client, a redirect URI not
/// registered, a malformed request) is answered here, as a 400 problem like every error of the platform — one that names
/// the OAuth error (RFC 6749 §4.1.2.1) and says what was wrong.
/// </summary>
internal static class OAuthErrorProblems
{
    public static IServiceCollection AddOAuthErrorProblems(this IServiceCollection services) =>
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var platform = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                if (context.HttpContext.GetOpenIddictServerResponse() is { Error: { } error } response)
                {
                    context.ProblemDetails.Detail = response.ErrorDescription ?? error;
                    context.ProblemDetails.Extensions[Parameters.Error] = error;
                }

                platform?.Invoke(context);
            };
        });
}
