using Carts.Api.Model;

namespace Carts.Api.Infrastructure;

/// <summary>The outcome of a change to a cart, and the cart as the change left it (when there is one).</summary>
public sealed record CartUpdate(CartChange Change, Cart? Cart);
