namespace Ecommerce.ServiceDefaults.Data;

public static class StoredTime
{
    /// <summary>
    /// Now in UTC, at PostgreSQL's precision (microseconds), so that a timestamp answered on create is the one
    /// read back later.
    /// </summary>
    public static DateTime UtcNowForStorage(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % (TimeSpan.TicksPerMillisecond / 1000), DateTimeKind.Utc);
    }
}
