using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Products.Api.Application;
using Products.Api.Contracts;
using Products.Api.Infrastructure;

namespace Products.Api.Apis;

/// <summary>
/// Try / confirm / cancel stock reservations for checkout. Internal: called by Orders.Api,
/// never routed by the gateway.
/// </summary>
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        // Reached by Orders.Api only, with its own token: a NetworkPolicy cannot close a path, the inventory scope does.
        var inventory = app.MapGroup("/inventory").WithTags("Inventory").RequireAuthorization(Scopes.Inventory).WithRequestValidation();
        var api = inventory.MapGroup("/reservations");
        api.MapPost("", Reserve).WithSummary("Reserve stock for several products, all or nothing")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("{id}", GetReservation).WithSummary("Get a reservation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("{id}/commit", Commit).WithSummary("Confirm a reservation: its units are sold")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("{id}/release", Release).WithSummary("Cancel a reservation: its units go back to stock")
            .ProducesProblem(StatusCodes.Status404NotFound);
        inventory.MapPost("/commits", CommitMany)
            .WithSummary("Confirm many held reservations at once; answers those that are committed")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ProblemHttpResult>> Reserve(
        ReservationRequest request, StockReservations reservations, CancellationToken cancellationToken)
    {
        return await reservations.ReserveAsync(request, cancellationToken) switch
        {
            ReservationOutcome.Created created =>
                TypedResults.Created($"/inventory/reservations/{created.Reservation.Id}", ReservationResponse.From(created.Reservation)),
            ReservationOutcome.Existing existing => TypedResults.Ok(ReservationResponse.From(existing.Reservation)),
            var other => ToProblem(other, request.ReservationId.ToString()),
        };
    }

    public static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> GetReservation(
        string id, CatalogContext db, CancellationToken cancellationToken)
    {
        var reservation = Guid.TryParse(id, out var reservationId)
            ? await db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reservationId, cancellationToken)
            : null;
        return reservation is null ? NotFound(id) : TypedResults.Ok(ReservationResponse.From(reservation));
    }

    public static Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> Commit(
        string id, StockReservations reservations, CancellationToken cancellationToken) =>
        Settle(id, reservations.CommitAsync, cancellationToken);

    public static async Task<Results<Ok<CommitsResponse>, ProblemHttpResult>> CommitMany(
        CommitsRequest request, StockReservations reservations, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(new CommitsResponse(await reservations.CommitManyAsync(request.ReservationIds, cancellationToken)));
    }

    public static Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> Release(
        string id, StockReservations reservations, CancellationToken cancellationToken) =>
        Settle(id, reservations.ReleaseAsync, cancellationToken);

    private static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> Settle(
        string id, Func<Guid, CancellationToken, Task<ReservationOutcome>> settle, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var reservationId))
        {
            return NotFound(id);
        }

        return await settle(reservationId, cancellationToken) switch
        {
            ReservationOutcome.Existing existing => TypedResults.Ok(ReservationResponse.From(existing.Reservation)),
            var other => ToProblem(other, id),
        };
    }

    private static ProblemHttpResult ToProblem(ReservationOutcome outcome, string id) => outcome switch
    {
        ReservationOutcome.NotFound => NotFound(id),
        ReservationOutcome.UnknownProducts unknown => ApiProblems.Unprocessable(
            "Some products do not exist.", new Dictionary<string, object?> { ["unknown_product_ids"] = unknown.ProductIds }),
        ReservationOutcome.InsufficientStock insufficient => ApiProblems.Conflict(
            "Not enough stock for some products; nothing was reserved.",
            new Dictionary<string, object?> { ["unavailable"] = insufficient.Items }),
        ReservationOutcome.Conflict conflict => ApiProblems.Conflict(
            conflict.Detail, new Dictionary<string, object?> { ["reservation_status"] = conflict.Status }),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
    };

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound($"No reservation has the id '{id}'.");
}
