namespace Storefront.Services;

/// <summary>Carts.Api with the shopper's token: a cart is theirs, and someone else's is not found.</summary>
public sealed class CartsClient(HttpClient http) : ServiceClient(http, "Carts.Api")
{
    public async Task<Cart?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/carts/{id}", null, cancellationToken);
        return response.IsSuccessStatusCode ? await ReadAsync<Cart>(response, cancellationToken) : null;
    }

    public async Task<Cart> CreateAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/carts", new { }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ServiceUnavailableException("Carts.Api", new HttpRequestException($"A new cart was refused: {(int)response.StatusCode}."));
        }

        return await ReadAsync<Cart>(response, cancellationToken);
    }

    public Task<CartChange> AddAsync(Guid cartId, Guid productId, int quantity, CancellationToken cancellationToken) =>
        ChangeAsync(HttpMethod.Post, $"/carts/{cartId}/items", new { product_id = productId, quantity }, cancellationToken);

    /// <summary>Sets a line's quantity; 0 removes the line.</summary>
    public Task<CartChange> SetQuantityAsync(Guid cartId, Guid productId, int quantity, CancellationToken cancellationToken) =>
        ChangeAsync(HttpMethod.Put, $"/carts/{cartId}/items/{productId}", new { quantity }, cancellationToken);

    private async Task<CartChange> ChangeAsync(HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new CartChange.Changed(await ReadAsync<Cart>(response, cancellationToken));
        }

        var problem = await ShopJson.ProblemAsync(response, cancellationToken);
        return problem.Status switch
        {
            StatusCodes.Status404NotFound => new CartChange.CartGone(),
            _ => new CartChange.Refused(problem.Detail),
        };
    }
}

/// <summary>What a change to a cart came to.</summary>
public abstract record CartChange
{
    private CartChange()
    {
    }

    public sealed record Changed(Cart Cart) : CartChange;

    /// <summary>The cart expired or is not the shopper's: start a new one.</summary>
    public sealed record CartGone : CartChange;

    /// <summary>More than the stock, a product gone, a quantity out of range: <paramref name="Reason"/> says which.</summary>
    public sealed record Refused(string Reason) : CartChange;
}
