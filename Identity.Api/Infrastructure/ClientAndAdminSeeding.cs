using Identity.Api.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Infrastructure;

/// <summary>
/// At start-up, after the migrations, makes the database say what configuration says: every scope with its audiences,
/// every client with its grants, scopes, redirect URIs and secret, and the first admin with the configured password.
/// Replicas that start together take turns (a PostgreSQL advisory lock), so each of them finds the others' work done.
/// </summary>
internal sealed class ClientAndAdminSeeding(IServiceProvider services, IOptions<IdentityProviderOptions> options) : IHostedService
{
    public const string AdminRole = "admin";

    /// <summary>Any number of this service's own, held for the transaction: "identity registration".</summary>
    private const long LockKey = 0x1d_e2_71_7e;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
            await RegisterScopesAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
            await RegisterClientsAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), cancellationToken);
            await RegisterAdminAsync(scope.ServiceProvider, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RegisterScopesAsync(IOpenIddictScopeManager scopes, CancellationToken cancellationToken)
    {
        foreach (var (name, settings) in options.Value.Scopes)
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = name };
            descriptor.Resources.UnionWith(settings.Resources);
            if (await scopes.FindByNameAsync(name, cancellationToken) is { } existing)
            {
                await scopes.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await scopes.CreateAsync(descriptor, cancellationToken);
            }
        }
    }

    private async Task RegisterClientsAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        foreach (var (clientId, settings) in options.Value.Clients)
        {
            var descriptor = Describe(clientId, settings);
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
        }
    }

    /// <summary>What a client may do: the endpoints its grants use, the grants, its scopes; PKCE for every code.</summary>
    private static OpenIddictApplicationDescriptor Describe(string clientId, ClientSettings settings)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = settings.DisplayName ?? clientId,
            ClientType = settings.Confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = settings.Confidential ? settings.Secret : null,
            // Every client is the platform's own: people sign in once and are not asked to consent.
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.RedirectUris.UnionWith(settings.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(settings.PostLogoutRedirectUris);
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        foreach (var grant in settings.Grants)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.GrantType + grant);
            switch (grant)
            {
                case GrantTypes.AuthorizationCode:
                    descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.ResponseTypes.Code]);
                    descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
                    break;
                case GrantTypes.DeviceCode:
                    descriptor.Permissions.Add(Permissions.Endpoints.DeviceAuthorization);
                    break;
            }
        }

        // openid needs no permission; every other scope does.
        descriptor.Permissions.UnionWith(settings.Scopes.Where(scope => scope != Scopes.OpenId).Select(scope => Permissions.Prefixes.Scope + scope));
        return descriptor;
    }

    /// <summary>The first admin exists, is an admin, and has the configured password (which wins over an older one).</summary>
    private async Task RegisterAdminAsync(IServiceProvider scoped, CancellationToken cancellationToken)
    {
        var users = scoped.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scoped.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(AdminRole))
        {
            Ensure(await roles.CreateAsync(new IdentityRole<Guid>(AdminRole) { Id = Guid.CreateVersion7() }), "create the admin role");
        }

        var email = options.Value.AdminEmailOrDefault;
        var password = options.Value.AdminPassword!;
        var admin = await users.FindByEmailAsync(email);
        if (admin is null)
        {
            admin = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Ensure(await users.CreateAsync(admin, password), "create the first admin");
        }
        else if (!await users.CheckPasswordAsync(admin, password))
        {
            Ensure(await users.RemovePasswordAsync(admin), "reset the admin's password");
            Ensure(await users.AddPasswordAsync(admin, password), "set the admin's password");
        }

        if (!await users.IsInRoleAsync(admin, AdminRole))
        {
            Ensure(await users.AddToRoleAsync(admin, AdminRole), "make the first user an admin");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
