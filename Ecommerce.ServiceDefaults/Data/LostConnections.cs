using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Ecommerce.ServiceDefaults.Data;

/// <summary>
/// The database connection broke inside a transaction (PostgreSQL restarted or failed over): nothing of the transaction
/// was committed, and the whole of it may run again. Transient, so that the execution strategy retries it and, once
/// the retries are spent, the caller hears 503.
/// </summary>
public sealed class DatabaseConnectionLostException(Exception? inner = null)
    : NpgsqlException("The database connection was lost inside a transaction; nothing of it was committed.", inner)
{
    public override bool IsTransient => true;
}

/// <summary>
/// Keeps a transaction's work from going on without its transaction. When the connection breaks inside a transaction,
/// EF Core drops the transaction and opens a new connection for the next command, which then commits on its own; or
/// Npgsql has completed the transaction and the next command fails with "Transaction is already completed". Both are a
/// lost connection: the work stops there, with the transient <see cref="DatabaseConnectionLostException"/>.
/// </summary>
public static class LostConnections
{
    private static readonly AsyncLocal<DbContext?> InTransaction = new();

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction it commits itself; call it inside the execution strategy, which runs
    /// the whole of it again after a lost connection.
    /// </summary>
    public static async Task<T> WithTransactionAsync<T>(
        this DbContext context, Func<IDbContextTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        InTransaction.Value = context;
        try
        {
            return await work(transaction, cancellationToken);
        }
        catch (InvalidOperationException ex) when (context.Database.GetDbConnection().State != ConnectionState.Open)
        {
            throw new DatabaseConnectionLostException(ex);
        }
        finally
        {
            InTransaction.Value = null;
        }
    }

    /// <summary>The transaction's connection was open when it began: opening one again means the first was lost.</summary>
    internal static void RefuseInsideTransaction(ConnectionEventData eventData)
    {
        if (eventData.Context is { } context && ReferenceEquals(InTransaction.Value, context))
        {
            throw new DatabaseConnectionLostException();
        }
    }
}

/// <summary>Registered on every context by AddMigratedNpgsqlDbContext: see <see cref="LostConnections"/>.</summary>
internal sealed class LostConnectionInterceptor : DbConnectionInterceptor
{
    public static readonly LostConnectionInterceptor Instance = new();

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        LostConnections.RefuseInsideTransaction(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        LostConnections.RefuseInsideTransaction(eventData);
        return ValueTask.FromResult(result);
    }
}
