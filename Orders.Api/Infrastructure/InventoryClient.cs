using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orders.Api.Contracts;

namespace Orders.Api.Infrastructure;

/// <summary>A line of a reservation: the product as it was priced when the stock was reserved.</summary>
public sealed record ReservedItem(Guid ProductId, string Sku, string Name, int Quantity, decimal UnitPrice, string Currency);

/// <summary>How Products.Api answered a request about a reservation.</summary>
public abstract record InventoryAnswer
{
    private InventoryAnswer()
    {
    }

    public sealed record Reserved(IReadOnlyList<ReservedItem> Items) : InventoryAnswer;

    public sealed record Settled : InventoryAnswer;

    /// <summary>A 4xx problem (insufficient stock, unknown product, reservation expired), passed on as it came.</summary>
    public sealed record Refused(int Status, JsonElement Problem) : InventoryAnswer
    {
        public string Detail => Problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";

        /// <summary>What was refused, told by the status (docs/api.md): the label of a refused checkout's metric.</summary>
        public string Cause => Status switch
        {
            StatusCodes.Status409Conflict => "insufficient_stock",
            StatusCodes.Status422UnprocessableEntity => "unknown_product",
            _ => "refused_by_inventory",
        };

        /// <summary>The problem's fields a client needs to change its order: which products, how many are left.</summary>
        public IDictionary<string, object?> ForTheClient()
        {
            var extensions = new Dictionary<string, object?>();
            foreach (var name in new[] { "unavailable", "unknown_product_ids" })
            {
                if (Problem.TryGetProperty(name, out var value))
                {
                    extensions[name] = value.Clone();
                }
            }

            return extensions;
        }
    }
}

/// <summary>
/// Products.Api's internal inventory API at <c>http://products</c>. Every call names the reservation by the order
/// id, so a repeated call changes nothing: that is what makes it safe for the reconciler to call again later.
/// </summary>
public sealed class InventoryClient(HttpClient http, IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public async Task<InventoryAnswer> ReserveAsync(Guid reservationId, IEnumerable<OrderLineRequest> items, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var body = new { ReservationId = reservationId, Items = items, TtlSeconds = (int)timeToLive.TotalSeconds };
        using var response = await http.PostAsJsonAsync("/inventory/reservations", body, _options, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var reservation = await response.Content.ReadFromJsonAsync<ReservationBody>(_options, cancellationToken);
            return new InventoryAnswer.Reserved(reservation?.Items ?? throw new HttpRequestException("Products.Api answered an empty reservation."));
        }

        return await RefusedAsync(response, cancellationToken);
    }

    public Task<InventoryAnswer> CommitAsync(Guid reservationId, CancellationToken cancellationToken) =>
        SettleAsync($"/inventory/reservations/{reservationId}/commit", cancellationToken);

    /// <summary>Commits many held reservations at once; returns those that are committed (now or before).</summary>
    public async Task<IReadOnlyList<Guid>> CommitManyAsync(IReadOnlyList<Guid> reservationIds, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/inventory/commits", new { ReservationIds = reservationIds }, _options, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Products.Api answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var commits = await response.Content.ReadFromJsonAsync<CommitsBody>(_options, cancellationToken);
        return commits?.Committed ?? throw new HttpRequestException("Products.Api answered an empty commit.");
    }

    public Task<InventoryAnswer> ReleaseAsync(Guid reservationId, CancellationToken cancellationToken) =>
        SettleAsync($"/inventory/reservations/{reservationId}/release", cancellationToken);

    private async Task<InventoryAnswer> SettleAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(path, content: null, cancellationToken);
        return response.IsSuccessStatusCode ? new InventoryAnswer.Settled() : await RefusedAsync(response, cancellationToken);
    }

    /// <summary>A 4xx is an answer about the request; anything else means Products.Api is not working (→ 503).</summary>
    private static async Task<InventoryAnswer> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is < 400 or >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new HttpRequestException($"Products.Api answered {status}.", null, response.StatusCode);
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new InventoryAnswer.Refused(status, problem);
    }

    private sealed record ReservationBody(IReadOnlyList<ReservedItem> Items);

    private sealed record CommitsBody(IReadOnlyList<Guid> Committed);
}
