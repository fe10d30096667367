using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Orders.Api.Infrastructure;

/// <summary>Lets 'dotnet ef migrations add' build the model without a database or the app's configuration.</summary>
internal sealed class OrderingContextDesignTimeFactory : IDesignTimeDbContextFactory<OrderingContext>
{
    public OrderingContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OrderingContext>()
        .UseNpgsql("Host=localhost;Database=ordersdb")
        .UseSnakeCaseNamingConvention()
        .Options);
}
