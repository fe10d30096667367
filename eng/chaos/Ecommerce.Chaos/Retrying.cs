namespace Ecommerce.Chaos;

/// <summary>How a well-behaved client retries: after a fault's answer, with a growing, jittered pause, up to a deadline.</summary>
public static class Retrying
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public static async Task<Reply> UntilAnsweredAsync(Func<Task<Reply>> send, Func<Reply, bool>? alsoRetry = null)
    {
        var giveUpAt = DateTime.UtcNow + Deadline;
        for (var attempt = 0; ; attempt++)
        {
            var reply = await send();
            if (!(reply.IsWorthRetrying || alsoRetry?.Invoke(reply) == true) || DateTime.UtcNow > giveUpAt)
            {
                return reply;
            }

            var pause = Math.Min(2_000, 200 * (1 << Math.Min(attempt, 4)));
            await Task.Delay(pause / 2 + Random.Shared.Next(pause / 2));
        }
    }
}
