using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Products.Api.Infrastructure;

/// <summary>Lets 'dotnet ef migrations add' build the model without a database or the app's configuration.</summary>
internal sealed class CatalogContextDesignTimeFactory : IDesignTimeDbContextFactory<CatalogContext>
{
    public CatalogContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CatalogContext>()
        .UseNpgsql("Host=localhost;Database=catalogdb")
        .UseSnakeCaseNamingConvention()
        .Options);
}
