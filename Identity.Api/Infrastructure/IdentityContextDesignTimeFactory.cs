using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Identity.Api.Infrastructure;

/// <summary>Lets 'dotnet ef migrations add' build the model without a database or the app's configuration.</summary>
internal sealed class IdentityContextDesignTimeFactory : IDesignTimeDbContextFactory<IdentityContext>
{
    public IdentityContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<IdentityContext>()
        .UseNpgsql("Host=localhost;Database=identitydb")
        .UseSnakeCaseNamingConvention()
        .Options);
}
