using Microsoft.AspNetCore.DataProtection;

namespace Storefront.Services;

/// <summary>
/// The signed-in shopper's cart. Carts.Api keeps carts by id; the browser keeps the id of its shopper's cart in a
/// cookie, protected and bound to the shopper's <c>sub</c>, so the shop holds no state and any replica finds the cart.
/// A cart that expired (or a cookie of another person's) is replaced by a new one when something is added.
/// </summary>
public sealed class ShopperCart(CartsClient carts, IHttpContextAccessor accessor, IDataProtectionProvider protection)
{
    public const string CookieName = "shop.cart";

    private readonly IDataProtector _protector = protection.CreateProtector("Storefront.ShopperCart");

    private HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("The shopper's cart is read while serving a request.");

    private string Subject => Context.User.FindFirst("sub")?.Value ?? throw new InvalidOperationException("The shopper is not signed in.");

    /// <summary>The shopper's cart, or null when they have none yet (or it expired).</summary>
    public async Task<Cart?> GetAsync(CancellationToken cancellationToken) =>
        RememberedId() is { } id ? await carts.GetAsync(id, cancellationToken) : null;

    /// <summary>Adds to the shopper's cart, starting a new cart when they have none.</summary>
    public async Task<CartChange> AddAsync(Guid productId, int quantity, CancellationToken cancellationToken)
    {
        if (RememberedId() is { } id && await carts.AddAsync(id, productId, quantity, cancellationToken) is not CartChange.CartGone and var outcome)
        {
            if (outcome is CartChange.Changed)
            {
                Remember(id);
            }

            return outcome;
        }

        var cart = await carts.CreateAsync(cancellationToken);
        Remember(cart.Id);
        return await carts.AddAsync(cart.Id, productId, quantity, cancellationToken);
    }

    /// <summary>Sets a line's quantity in the shopper's cart; 0 removes it.</summary>
    public async Task<CartChange> SetQuantityAsync(Guid productId, int quantity, CancellationToken cancellationToken)
    {
        if (RememberedId() is not { } id)
        {
            return new CartChange.CartGone();
        }

        var outcome = await carts.SetQuantityAsync(id, productId, quantity, cancellationToken);
        if (outcome is CartChange.Changed)
        {
            Remember(id);
        }

        return outcome;
    }

    private Guid? RememberedId()
    {
        if (!Context.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(value).Split('|') is [var subject, var id] && subject == Subject && Guid.TryParse(id, out var cartId)
                ? cartId
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private void Remember(Guid cartId) => Context.Response.Cookies.Append(CookieName, _protector.Protect($"{Subject}|{cartId}"), new CookieOptions
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = Context.Request.IsHttps,
        IsEssential = true,
        // Carts.Api keeps a cart 30 days after its last change, and every change writes the cookie again: they end together.
        MaxAge = TimeSpan.FromDays(30),
    });
}
