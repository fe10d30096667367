namespace Ecommerce.ServiceDefaults.Authentication;

/// <summary>The scopes of docs/identity.md; each is also the name of the authorization policy that requires it.</summary>
public static class Scopes
{
    /// <summary>A person's own carts.</summary>
    public const string Carts = "carts";

    /// <summary>A person's own orders.</summary>
    public const string Orders = "orders";

    /// <summary>Creating, changing and removing products: the back office and admins.</summary>
    public const string CatalogWrite = "catalog.write";

    /// <summary>Everyone's orders and every status change: the back office and admins.</summary>
    public const string OrdersManage = "orders.manage";

    /// <summary>Stock reservations: Orders.Api's own token.</summary>
    public const string Inventory = "inventory";

    /// <summary>What each scope lets a token do, as the API reference shows it when a person logs in.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        ["openid"] = "Sign in",
        [Carts] = "Your carts",
        [Orders] = "Your orders",
        [CatalogWrite] = "Change the catalog (admins)",
        [OrdersManage] = "Everyone's orders (admins)",
        [Inventory] = "Reserve stock (Orders.Api)",
    };
}
