namespace Ecommerce.TestSupport;

/// <summary>For what background work (a sweeper, a reconciler, a reconnect) makes true a little later.</summary>
public static class Eventually
{
    public static async Task<bool> TrueWithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
