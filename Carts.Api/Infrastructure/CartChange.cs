namespace Carts.Api.Infrastructure;

/// <summary>The outcome of a change to a cart, from the script's numeric answer.</summary>
public enum CartChange
{
    Applied,
    CartNotFound,

    /// <summary>The line's resulting quantity is more than the product's stock.</summary>
    OverStock,

    /// <summary>The line's resulting quantity is over the per-line limit.</summary>
    OverLimit,

    LineNotFound,
}
