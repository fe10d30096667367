namespace Storefront.Services;

/// <summary>
/// Orders.Api with the signed-in person's token: a shopper's own orders, or an admin's view of everyone's
/// (<c>orders.manage</c>); the token decides what the same calls see and may do.
/// </summary>
public sealed class OrdersClient(HttpClient http) : ServiceClient(http, "Orders.Api")
{
    public const int PageSize = 10;

    public const int AdminPageSize = 25;

    public Task<Page<Order>> ListAsync(string? after, CancellationToken cancellationToken) =>
        PageAsync<Order>("/orders", [], PageSize, after, cancellationToken);

    /// <summary>Everyone's orders, newest first, in one status and of one customer when they are given (admins).</summary>
    public Task<Page<Order>> ListAllAsync(string? status, string? customer, string? after, CancellationToken cancellationToken) =>
        PageAsync<Order>("/orders", new() { ["status"] = status, ["user_id"] = customer }, AdminPageSize, after, cancellationToken);

    /// <summary>How many orders are in each status that has any.</summary>
    public async Task<IReadOnlyList<StatusCount>> StatusCountsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/orders/statuses", null, cancellationToken);
        return response.IsSuccessStatusCode ? await ReadAsync<List<StatusCount>>(response, cancellationToken) : [];
    }

    public async Task<Order?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/orders/{id}", null, cancellationToken);
        return response.IsSuccessStatusCode ? await ReadAsync<Order>(response, cancellationToken) : null;
    }

    /// <summary>
    /// Places the order of the cart with <paramref name="idempotencyKey"/>: sent again with the same key (a double click, a
    /// refresh, a retry after a timeout), it answers the first order rather than placing another.
    /// </summary>
    public async Task<PlaceOrder> PlaceAsync(Guid cartId, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = JsonContent.Create(new { cart_id = cartId }, options: ShopJson.Options),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(request, cancellationToken);
        }
        catch (ServiceUnavailableException)
        {
            return new PlaceOrder.TryAgain();
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return new PlaceOrder.Placed(await ReadAsync<Order>(response, cancellationToken));
            }

            var problem = await ShopJson.ProblemAsync(response, cancellationToken);
            return problem.Status switch
            {
                StatusCodes.Status409Conflict when problem.Shortages() is { Count: > 0 } shortages => new PlaceOrder.OutOfStock(shortages),
                // The same key is still being placed by the first submit: it answers in a moment.
                StatusCodes.Status409Conflict when problem.Document?["in_progress"]?.GetValue<bool>() == true => new PlaceOrder.InProgress(),
                StatusCodes.Status404NotFound => new PlaceOrder.CartGone(),
                _ => new PlaceOrder.Refused(problem.Detail),
            };
        }
    }

    /// <summary>Moves the order to <paramref name="status"/>; null when the caller may not see it or it does not exist.</summary>
    public async Task<StatusUpdate?> SetStatusAsync(Guid id, string status, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/orders/{id}/status", new { status }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new StatusUpdate.Updated(await ReadAsync<Order>(response, cancellationToken));
        }

        var problem = await ShopJson.ProblemAsync(response, cancellationToken);
        return problem.Status == StatusCodes.Status404NotFound ? null : new StatusUpdate.Refused(problem.Detail);
    }
}

/// <summary>What placing an order came to.</summary>
public abstract record PlaceOrder
{
    private PlaceOrder()
    {
    }

    public sealed record Placed(Order Order) : PlaceOrder;

    public sealed record OutOfStock(IReadOnlyList<Shortage> Shortages) : PlaceOrder;

    public sealed record InProgress : PlaceOrder;

    public sealed record CartGone : PlaceOrder;

    /// <summary>No answer came (a service down or too slow): the order may or may not be placed, and the same key tells.</summary>
    public sealed record TryAgain : PlaceOrder;

    public sealed record Refused(string Reason) : PlaceOrder;
}

public abstract record StatusUpdate
{
    private StatusUpdate()
    {
    }

    public sealed record Updated(Order Order) : StatusUpdate;

    public sealed record Refused(string Reason) : StatusUpdate;
}
