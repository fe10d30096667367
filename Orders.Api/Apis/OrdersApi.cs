using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Application;
using Orders.Api.Contracts;
using Orders.Api.Model;

namespace Orders.Api.Apis;

public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        // A customer's token (scope orders) reaches their own orders; an admin's (orders.manage, or a person with the
        // admin role) everyone's. Someone else's order is not found (404), exactly as one that does not exist.
        var api = app.MapGroup("/orders").WithTags("Orders").RequireAuthorization(OrderPolicies.Reader).WithRequestValidation();
        api.MapPost("", CreateOrder).WithSummary("Check out: reserve the stock and place the caller's order (honours Idempotency-Key)")
            .RequireAuthorization(Scopes.Orders)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("", ListOrders).WithSummary("List orders, newest first")
            .ProducesValidationProblem();
        // A literal segment outranks the {id} parameter in routing: /orders/statuses is never read as an order's id.
        api.MapGet("statuses", CountByStatus).WithSummary("Count orders by status, in lifecycle order (only statuses that have orders)")
            .ProducesValidationProblem();
        api.MapGet("{id}", GetOrder).WithSummary("Get an order")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("{id}/status", UpdateStatus).WithSummary("Move an order along its lifecycle; cancelling gives the stock back")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<CreatedAsStored, ProblemHttpResult>> CreateOrder(
        [AsParameters] CheckoutRequest request, ClaimsPrincipal caller, IdempotentCheckout checkout, CheckoutAnswers answers,
        CancellationToken cancellationToken) =>
        await checkout.PlaceOrderAsync(request, caller.AsActor(), cancellationToken) switch
        {
            CheckoutOutcome.Placed placed => answers.Send(placed.Answer),
            CheckoutOutcome.Replayed replayed => answers.Send(replayed.Answer),
            CheckoutOutcome.Refused refused => CheckoutAnswers.Problem(refused.Refusal),
            CheckoutOutcome.ForAnotherCustomer => ApiProblems.Status(
                StatusCodes.Status403Forbidden, "An order is placed for the caller: user_id, when given, must be the token's sub."),
            // Marked, so that a client tells "wait for the first request" from a refusal it must not retry.
            CheckoutOutcome.KeyInProgress => ApiProblems.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.",
                new Dictionary<string, object?> { ["in_progress"] = true }),
            CheckoutOutcome.KeyReused => ApiProblems.Unprocessable("This Idempotency-Key was used for a different request."),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };

    public static async Task<Results<Ok<IReadOnlyList<OrderResponse>>, ProblemHttpResult>> ListOrders(
        [AsParameters] OrderQuery query, ClaimsPrincipal caller, OrderQueries orders, HttpContext context, CancellationToken cancellationToken)
    {
        var namesStaff = caller.IsOrdersAdmin();
        return await orders.ListAsync(query, caller, cancellationToken) switch
        {
            OrderQueryOutcome<OrderPage>.Found found => TypedResults.Ok<IReadOnlyList<OrderResponse>>(
                found.Value.Request.TakePage(found.Value.RowsPlusOne, o => o.Id, context).Select(order => OrderResponse.From(order, namesStaff)).ToList()),
            _ => ApiProblems.Status(StatusCodes.Status403Forbidden, "Only an admin lists another customer's orders."),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<OrderStatusCount>>, ProblemHttpResult>> CountByStatus(
        [AsParameters] OrderStatusQuery query, ClaimsPrincipal caller, OrderQueries orders, CancellationToken cancellationToken) =>
        await orders.CountByStatusAsync(query, caller, cancellationToken) switch
        {
            OrderQueryOutcome<IReadOnlyList<OrderStatusCount>>.Found found => TypedResults.Ok(found.Value),
            _ => ApiProblems.Status(StatusCodes.Status403Forbidden, "Only an admin counts another customer's orders."),
        };

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder(
        string id, ClaimsPrincipal caller, OrderQueries orders, CancellationToken cancellationToken) =>
        await orders.FindAsync(id, caller, cancellationToken) is { } order ? TypedResults.Ok(OrderResponse.From(order, caller.IsOrdersAdmin())) : OrderNotFound(id);

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> UpdateStatus(
        string id, UpdateStatusRequest request, ClaimsPrincipal caller, OrderStatusChanges changes, CancellationToken cancellationToken) =>
        await changes.MoveAsync(id, request.Status, caller, cancellationToken) switch
        {
            StatusChangeOutcome.Changed changed => TypedResults.Ok(OrderResponse.From(changed.Order, caller.IsOrdersAdmin())),
            StatusChangeOutcome.NotFound => OrderNotFound(id),
            StatusChangeOutcome.NotAllowed => ApiProblems.Status(
                StatusCodes.Status403Forbidden, "A customer may cancel an order; every other change is an admin's."),
            StatusChangeOutcome.NoSuchTransition refused => ApiProblems.Conflict(
                $"An order cannot go from {WireName.Of(refused.Current)} to {WireName.Of(refused.Requested)}.", CurrentStatus(refused.Current)),
            StatusChangeOutcome.StockNotConfirmed unconfirmed => ApiProblems.Conflict(
                "The order's stock is not confirmed yet; try again in a few seconds.", CurrentStatus(unconfirmed.Current)),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };

    private static Dictionary<string, object?> CurrentStatus(OrderStatus status) => new() { ["current_status"] = WireName.Of(status) };

    private static ProblemHttpResult OrderNotFound(string id) => ApiProblems.NotFound($"No order has the id '{id}'.");
}
