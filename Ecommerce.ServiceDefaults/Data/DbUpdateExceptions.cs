using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ecommerce.ServiceDefaults.Data;

public static class DbUpdateExceptions
{
    /// <summary>The write broke a unique index: another row (perhaps written concurrently) holds the key.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? constraintName = null) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres &&
        (constraintName is null || postgres.ConstraintName == constraintName);
}
