using Ecommerce.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Products.Api.Infrastructure;

namespace Products.Api.Tests;

/// <summary>A transaction whose connection PostgreSQL ends halfway: run again from the start, never a 500.</summary>
public sealed class LostConnectionTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    [Fact]
    public async Task Work_whose_connection_ends_inside_its_transaction_runs_again_and_commits_once()
    {
        var id = Guid.Parse((await api.Client.CreateProductAsync(stock: 10))["id"]!.GetValue<string>());
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var attempts = 0;

        var stock = await db.InTransactionAsync(async ct =>
        {
            attempts++;
            var added = await db.AddToStockAsync(id, 5, DateTime.UtcNow, ct);
            if (attempts == 1)
            {
                await EndSessionAsync(db, ct);
                // The first command after the end meets the server's goodbye (a transient error), which code inside the
                // transaction may catch; the work's next command must not then run outside the transaction, on a new
                // connection, and commit on its own.
                await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("SELECT 1", ct));
                await db.AddToStockAsync(id, 5, DateTime.UtcNow, ct);
            }

            return added;
        }, TestContext.Current.CancellationToken);

        Assert.Equal(2, attempts);
        Assert.Equal(15, stock);
        Assert.Equal(15, (await (await api.Client.GetAsync($"/products/{id}", TestContext.Current.CancellationToken)).ReadJsonAsync())["stock"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bug_inside_a_transaction_on_a_live_connection_is_not_taken_for_a_lost_connection()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var attempts = 0;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync<int>(async ct =>
        {
            attempts++;
            await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
            throw new InvalidOperationException("a bug");
        }, TestContext.Current.CancellationToken));

        Assert.Equal("a bug", thrown.Message);
        Assert.Equal(1, attempts);
    }

    /// <summary>What a restart does to every session: the server ends it, with 57P01.</summary>
    private static async Task EndSessionAsync(CatalogContext db, CancellationToken cancellationToken)
    {
        var session = ((NpgsqlConnection)db.Database.GetDbConnection()).ProcessID;
        await using var other = new NpgsqlConnection(db.Database.GetConnectionString());
        await other.OpenAsync(cancellationToken);
        await using var end = new NpgsqlCommand($"SELECT pg_terminate_backend({session})", other);
        await end.ExecuteNonQueryAsync(cancellationToken);
    }
}
