using Ecommerce.ServiceDefaults.Authentication;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using Orders.Api.Contracts;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Application;

/// <summary>
/// How a checkout's outcome is answered, as its Idempotency-Key keeps it for every retry: the same answer the endpoint
/// sends the first time (OrdersApi's mapping implements it).
/// </summary>
public interface ICheckoutAnswers
{
    IdempotentAnswer Placed(Order order);

    IdempotentAnswer Refused(CheckoutRefusal refusal);
}

/// <summary>
/// The checkout as a client may send it again: without an Idempotency-Key it places the order, with one it claims the
/// key first and either places the order under that claim, or answers what the key answered before. A final answer (the
/// order, or a refusal) completes the key; anything else (a dependency down, the request cut off) frees it, so that the
/// retry runs for real.
/// </summary>
public sealed class IdempotentCheckout(CheckoutService checkout, IdempotencyKeys keys, ICheckoutAnswers answers, IOptions<JsonOptions> json)
{
    public async Task<CheckoutOutcome> PlaceOrderAsync(CheckoutRequest request, Actor customer, CancellationToken cancellationToken)
    {
        if (request.Order.UserId is not null && request.Order.UserId != customer.Sub)
        {
            return new CheckoutOutcome.ForAnotherCustomer();
        }

        if (request.IdempotencyKey is null)
        {
            return await checkout.PlaceOrderAsync(request.Order, customer, claim: null, cancellationToken);
        }

        var requestHash = IdempotencyKeys.Hash(request.Order, json.Value.SerializerOptions);
        return await keys.ClaimAsync(customer.Sub, request.IdempotencyKey, requestHash, cancellationToken) switch
        {
            IdempotencyClaim.Claimed claim => await PlaceOrderAsync(request.Order, customer, claim, cancellationToken),
            IdempotencyClaim.Replay replay => new CheckoutOutcome.Replayed(replay.Answer),
            IdempotencyClaim.InProgress => new CheckoutOutcome.KeyInProgress(),
            IdempotencyClaim.Mismatch => new CheckoutOutcome.KeyReused(),
            var other => throw new InvalidOperationException($"Unexpected claim {other}."),
        };
    }

    private async Task<CheckoutOutcome> PlaceOrderAsync(
        CreateOrderRequest request, Actor customer, IdempotencyClaim.Claimed claim, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await checkout.PlaceOrderAsync(request, customer, claim, cancellationToken);
            // A placed order's answer was stored with the order; a refusal's is stored now.
            if (outcome is CheckoutOutcome.Refused refused)
            {
                await keys.CompleteAsync(claim, answers.Refused(refused.Refusal), CancellationToken.None);
            }

            return outcome;
        }
        catch
        {
            await keys.AbandonAsync(claim);
            throw;
        }
    }
}
