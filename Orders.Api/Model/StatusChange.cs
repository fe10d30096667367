using Ecommerce.ServiceDefaults.Authentication;

namespace Orders.Api.Model;

public sealed class StatusChange
{
    public OrderStatus Status { get; init; }

    public DateTime At { get; init; }

    /// <summary>Why, when the service itself made the change (e.g. a reservation that expired).</summary>
    public string? Reason { get; init; }

    /// <summary>Who made the change: the customer or an admin; null when the service itself made it.</summary>
    public Actor? Actor { get; init; }
}
