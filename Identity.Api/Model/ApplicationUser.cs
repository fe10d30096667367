using Microsoft.AspNetCore.Identity;

namespace Identity.Api.Model;

/// <summary>A person who can sign in. Its id is the <c>sub</c> of their tokens, which carts and orders belong to.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public ApplicationUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }
}
