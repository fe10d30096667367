using System.Net;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orders.Api.Contracts;

namespace Orders.Api.Infrastructure;

/// <summary>What checkout needs of a cart: whose it is and what is in it.</summary>
public sealed record CartContents(Guid Id, string UserId, IReadOnlyList<OrderLineRequest> Items);

/// <summary>Carts.Api at <c>http://carts</c>, resolved by service discovery.</summary>
public sealed class CartsClient(HttpClient http, IOptions<JsonOptions> json)
{
    public Task<CartContents?> GetAsync(Guid cartId, CancellationToken cancellationToken) =>
        http.GetOrNullAsync<CartContents>($"/carts/{cartId}", json.Value.SerializerOptions, cancellationToken);

    /// <summary>Empties the cart after checkout. The cart id stays valid, so a repeated call is harmless.</summary>
    public async Task ClearAsync(Guid cartId, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"/carts/{cartId}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }
}
