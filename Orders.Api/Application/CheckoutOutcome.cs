namespace Orders.Api.Application;

public abstract record CheckoutOutcome
{
    private CheckoutOutcome()
    {
    }

    /// <summary>The order is stored; <paramref name="Answer"/> is its 201, as the order was when stored.</summary>
    public sealed record Placed(IdempotentAnswer Answer) : CheckoutOutcome;

    /// <summary>No order was placed and no stock stays reserved; <paramref name="Cause"/> labels the metric.</summary>
    public sealed record Refused(int Status, string Detail, string Cause, IDictionary<string, object?>? Extensions = null) : CheckoutOutcome;
}
