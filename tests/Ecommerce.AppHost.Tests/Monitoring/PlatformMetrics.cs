namespace Ecommerce.AppHost.Tests.Monitoring;

/// <summary>The processes of the AppHost that serve their meters on a <c>metrics</c> endpoint.</summary>
public static class PlatformMetrics
{
    public static readonly string[] Processes = ["gateway", "identity", "products", "carts", "orders", "storefront"];
}
