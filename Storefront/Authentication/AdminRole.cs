namespace Storefront.Authentication;

/// <summary>The role Identity.Api gives the people who run the shop; their tokens may change the catalog and every order.</summary>
public static class AdminRole
{
    public const string Name = "admin";
}
