using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>How the app model tells Identity.Api about its clients: each one's secret and where it may send people back.</summary>
public static class IdentityProviderExtensions
{
    /// <summary>A confidential client's secret, from a parameter (the user secrets locally, the cluster's Secret in deploy/).</summary>
    public static IResourceBuilder<ProjectResource> WithClientSecret(
        this IResourceBuilder<ProjectResource> identity, string clientId, IResourceBuilder<ParameterResource> secret) =>
        identity.WithEnvironment($"Identity__Clients__{clientId}__Secret", secret);

    /// <summary>
    /// The client signs people in from pages under <paramref name="origin"/>: it may send them back to
    /// <paramref name="redirectPath"/> after signing in, and to <paramref name="postLogoutRedirectPath"/> after signing out.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithClientRedirects(
        this IResourceBuilder<ProjectResource> identity, string clientId, EndpointReference origin, string redirectPath, string? postLogoutRedirectPath = null)
    {
        identity.WithEnvironment($"Identity__Clients__{clientId}__RedirectUris__0", ReferenceExpression.Create($"{origin}{redirectPath}"));
        return postLogoutRedirectPath is null
            ? identity
            : identity.WithEnvironment($"Identity__Clients__{clientId}__PostLogoutRedirectUris__0", ReferenceExpression.Create($"{origin}{postLogoutRedirectPath}"));
    }

    /// <summary>
    /// In the local run, the client may also send people back to each of <paramref name="services"/>' API reference pages
    /// (<c>/scalar/v1</c>, on the service's own port), where a person logs in to try the protected operations: after the
    /// redirect <see cref="WithClientRedirects"/> gave it. A cluster does not publish the services' own ports.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalApiReferencePages(
        this IResourceBuilder<ProjectResource> identity, string clientId, params IResourceBuilder<ProjectResource>[] services)
    {
        if (!identity.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return identity;
        }

        for (var i = 0; i < services.Length; i++)
        {
            identity.WithEnvironment($"Identity__Clients__{clientId}__RedirectUris__{i + 1}",
                ReferenceExpression.Create($"{services[i].GetEndpoint("http")}/scalar/v1"));
        }

        return identity;
    }
}
