using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Api.Infrastructure;

/// <summary>Counts the access tokens the token endpoint answers with, whatever the grant, once OpenIddict has made them.</summary>
internal sealed class CountIssuedTokens(IdentityMetrics metrics) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<CountIssuedTokens>()
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (!string.IsNullOrEmpty(context.Response.AccessToken))
        {
            metrics.TokenIssued(context.Request?.GrantType ?? "unknown");
        }

        return ValueTask.CompletedTask;
    }
}
