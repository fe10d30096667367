using Orders.Api.Model;

namespace Orders.Api.Application;

public abstract record CheckoutOutcome
{
    private CheckoutOutcome()
    {
    }

    public sealed record Placed(Order Order) : CheckoutOutcome;

    /// <summary>No order was placed and no stock stays reserved; <paramref name="Cause"/> labels the metric.</summary>
    public sealed record Refused(int Status, string Detail, string Cause, IDictionary<string, object?>? Extensions = null) : CheckoutOutcome;
}
