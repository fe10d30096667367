using System.Security.Claims;
using System.Text.Json;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Data;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orders.Api.Application;
using Orders.Api.Contracts;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Apis;

public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        // A customer's token (scope orders) reaches their own orders; an admin's (orders.manage, or a person with the
        // admin role) everyone's. Someone else's order is not found (404), exactly as one that does not exist.
        var api = app.MapGroup("/orders").WithTags("Orders").RequireAuthorization(OrderPolicies.Reader);
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

    public static async Task<IResult> CreateOrder(
        CreateOrderRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal caller,
        CheckoutService checkout,
        IdempotencyKeys keys,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (idempotencyKey is not null)
        {
            errors.Text("Idempotency-Key", idempotencyKey, 1, IdempotencyKeys.MaxKeyLength);
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors, "The order is not valid.");
        }

        var customer = caller.AsActor();
        if (request.UserId is not null && request.UserId != customer.Sub)
        {
            return ApiProblems.Status(StatusCodes.Status403Forbidden, "An order is placed for the caller: user_id, when given, must be the token's sub.");
        }

        if (idempotencyKey is null)
        {
            return ToResult(await checkout.PlaceOrderAsync(request, customer, claim: null, cancellationToken), json.Value.SerializerOptions).Result;
        }

        var claimed = await keys.ClaimAsync(customer.Sub, idempotencyKey, IdempotencyKeys.Hash(request, json.Value.SerializerOptions), cancellationToken);
        switch (claimed)
        {
            case IdempotencyClaim.Replay replay:
                return Replay(replay.Record, json.Value.SerializerOptions);
            case IdempotencyClaim.InProgress:
                // Marked, so that a client tells "wait for the first request" from a refusal it must not retry.
                return ApiProblems.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.",
                    new Dictionary<string, object?> { ["in_progress"] = true });
            case IdempotencyClaim.Mismatch:
                return ApiProblems.Unprocessable("This Idempotency-Key was used for a different request.");
        }

        var claim = (IdempotencyClaim.Claimed)claimed;
        try
        {
            var outcome = await checkout.PlaceOrderAsync(request, customer, claim, cancellationToken);
            var (result, answer) = ToResult(outcome, json.Value.SerializerOptions);
            // A placed order's answer was stored with the order; a refusal's is stored now.
            if (outcome is CheckoutOutcome.Refused)
            {
                await keys.CompleteAsync(claim, answer, CancellationToken.None);
            }

            return result;
        }
        catch
        {
            // No final answer (a dependency is down, or the request was cut off): the key is free for the retry.
            await keys.AbandonAsync(claim);
            throw;
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<OrderResponse>>, ProblemHttpResult>> ListOrders(
        [AsParameters] OrderQuery query, ClaimsPrincipal caller, OrderingContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (userId, status, page) = query.Validate(errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors, "The query string is not valid.");
        }

        if (!caller.IsOrdersAdmin())
        {
            if (userId is not null && userId != caller.Subject())
            {
                return ApiProblems.Status(StatusCodes.Status403Forbidden, "Only an admin lists another customer's orders.");
            }

            userId = caller.Subject();
        }

        var orders = db.Orders.AsNoTracking();
        if (userId is not null)
        {
            orders = orders.Where(o => o.UserId == userId);
        }

        if (status is not null)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (page.After is { } after)
        {
            orders = orders.Where(o => o.Id < after);
        }

        var rows = await orders.OrderByDescending(o => o.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<OrderResponse>>(page.TakePage(rows, o => o.Id, context).Select(OrderResponse.From).ToList());
    }

    public static async Task<Results<Ok<IReadOnlyList<OrderStatusCount>>, ProblemHttpResult>> CountByStatus(
        [AsParameters] OrderStatusQuery query, ClaimsPrincipal caller, OrderingContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var userId = query.Validate(errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors, "The query string is not valid.");
        }

        // What GET /orders would list: an admin's count is everyone's (or user_id's), a customer's their own.
        if (!caller.IsOrdersAdmin())
        {
            if (userId is not null && userId != caller.Subject())
            {
                return ApiProblems.Status(StatusCodes.Status403Forbidden, "Only an admin counts another customer's orders.");
            }

            userId = caller.Subject();
        }

        var orders = db.Orders.AsNoTracking();
        if (userId is not null)
        {
            orders = orders.Where(o => o.UserId == userId);
        }

        var counts = await orders.GroupBy(o => o.Status).Select(group => new OrderStatusCount(group.Key, group.Count())).ToListAsync(cancellationToken);
        // The enum lists the statuses in lifecycle order.
        return TypedResults.Ok<IReadOnlyList<OrderStatusCount>>(counts.OrderBy(count => count.Status).ToList());
    }

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder(
        string id, ClaimsPrincipal caller, OrderingContext db, CancellationToken cancellationToken)
    {
        var order = Guid.TryParse(id, out var orderId)
            ? await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken)
            : null;
        return order is null || !caller.MaySee(order) ? OrderNotFound(id) : TypedResults.Ok(OrderResponse.From(order));
    }

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> UpdateStatus(
        string id, UpdateStatusRequest request, ClaimsPrincipal caller, OrderingContext db, ReservationSettlement settlement, OrderMetrics metrics,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var orderId))
        {
            return OrderNotFound(id);
        }

        // The row version makes a concurrent change (another request, the reconciler) lose cleanly; the loser
        // re-reads and decides again, so two cancellations never both release the stock.
        var confirmed = false;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            if (order is null || !caller.MaySee(order))
            {
                return OrderNotFound(id);
            }

            if (request.Status != OrderStatus.Cancelled && !caller.IsOrdersAdmin())
            {
                return ApiProblems.Status(StatusCodes.Status403Forbidden, "A customer may cancel an order; every other change is an admin's.");
            }

            if (!order.CanMoveTo(request.Status))
            {
                return ApiProblems.Conflict(
                    $"An order cannot go from {Lower(order.Status)} to {Lower(request.Status)}.",
                    new Dictionary<string, object?> { ["current_status"] = Lower(order.Status) });
            }

            // Only stock that is the order's can be paid for and shipped. A reservation not confirmed yet (its batch
            // has not run, or Products.Api was away) is confirmed now, once; if that cannot be done the order can
            // only be cancelled until the reconciler has.
            if (request.Status != OrderStatus.Cancelled && order.Reservation == ReservationState.Reserved && !confirmed)
            {
                confirmed = true;
                await settlement.TrySettleAsync(order, cancellationToken);
                continue;
            }

            if (request.Status != OrderStatus.Cancelled && order.Reservation != ReservationState.Committed)
            {
                return ApiProblems.Conflict("The order's stock is not confirmed yet; try again in a few seconds.",
                    new Dictionary<string, object?> { ["current_status"] = Lower(order.Status) });
            }

            order.MoveTo(request.Status, clock.UtcNowForStorage(), reason: null, caller.AsActor());
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                continue;
            }

            metrics.StatusChanged(order.Status);
            if (order.Reservation == ReservationState.ReleasePending)
            {
                await settlement.TrySettleAsync(order, cancellationToken);
            }

            return TypedResults.Ok(OrderResponse.From(order));
        }
    }

    /// <summary>The HTTP answer to a checkout, and what an idempotent retry must get back.</summary>
    private static (IResult Result, IdempotentAnswer Answer) ToResult(CheckoutOutcome outcome, JsonSerializerOptions options)
    {
        switch (outcome)
        {
            case CheckoutOutcome.Placed placed:
                return (new CreatedAsStored(placed.Answer.Location!, placed.Answer.Body), placed.Answer);
            case CheckoutOutcome.Refused refused:
                var problem = new StoredProblem(refused.Detail, refused.Extensions);
                return (ToProblem(refused.Status, problem), new IdempotentAnswer(refused.Status, JsonSerializer.Serialize(problem, options)));
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}.");
        }
    }

    private static IResult Replay(IdempotencyRecord record, JsonSerializerOptions options)
    {
        if (record.StatusCode == StatusCodes.Status201Created)
        {
            return new CreatedAsStored(record.Location!, record.ResponseBody!);
        }

        var problem = JsonSerializer.Deserialize<StoredProblem>(record.ResponseBody!, options)!;
        return ToProblem(record.StatusCode!.Value, problem);
    }

    private static ProblemHttpResult ToProblem(int status, StoredProblem problem) =>
        ApiProblems.Status(status, problem.Detail, problem.Extensions);

    private static string Lower(OrderStatus status) => status.ToString().ToLowerInvariant();

    private static ProblemHttpResult OrderNotFound(string id) => ApiProblems.NotFound($"No order has the id '{id}'.");

    /// <summary>A refused checkout as kept for replay (the trace id is the replaying request's own).</summary>
    private sealed record StoredProblem(string Detail, IDictionary<string, object?>? Extensions);

    /// <summary>The 201 as its key stored it: a retry gets the first answer byte for byte.</summary>
    private sealed class CreatedAsStored(string location, string body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status201Created;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return httpContext.Response.WriteAsync(body);
        }
    }
}
