using Ecommerce.ServiceDefaults.Http;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Infrastructure;

/// <summary>
/// Refuses a parameter no client sends: a NUL character (which PostgreSQL cannot store, so looking it up would fail with
/// a 500) or a value over 8 KiB (codes and tokens are a few hundred bytes). The OAuth endpoints answer as RFC 6749 says,
/// <c>invalid_request</c>; the pages with a problem.
/// </summary>
internal static class InputLimits
{
    public const int MaxValueLength = 8 * 1024;

    public static IApplicationBuilder UseInputLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var values = context.Request.Query.AsEnumerable();
        string? description = null;
        try
        {
            if (context.Request.HasFormContentType)
            {
                values = values.Concat(await context.Request.ReadFormAsync(context.RequestAborted));
            }
        }
        catch (InvalidDataException ex)
        {
            // ASP.NET Core's form reader refuses a NUL, too many fields or too long a field itself.
            description = $"The form cannot be read: {ex.Message}";
        }

        var refused = values.FirstOrDefault(pair => IsRefused(pair.Key) || pair.Value.Any(IsRefused));
        if (description is null && refused.Key is null)
        {
            await next(context);
            return;
        }

        description ??= $"The parameter '{Shorten(refused.Key)}' is longer than {MaxValueLength} characters or contains a NUL character.";
        if (context.Request.Path.StartsWithSegments("/connect"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                [Parameters.Error] = Errors.InvalidRequest,
                [Parameters.ErrorDescription] = description,
            });
            return;
        }

        await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, description);
    });

    private static bool IsRefused(string? value) => value is not null && (value.Length > MaxValueLength || value.Contains('\0', StringComparison.Ordinal));

    private static string Shorten(string name) => name.Length <= 64 ? name.Replace('\0', '?') : $"{name[..64].Replace('\0', '?')}…";
}
