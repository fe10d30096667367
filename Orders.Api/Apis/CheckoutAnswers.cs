using System.Text.Json;
using Ecommerce.ServiceDefaults.Http;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orders.Api.Application;
using Orders.Api.Contracts;
using Orders.Api.Infrastructure;
using Orders.Api.Model;

namespace Orders.Api.Apis;

/// <summary>
/// A checkout's answer over HTTP: the status of each refusal, and the answer an Idempotency-Key keeps, written when the
/// checkout ends and sent again on every retry.
/// </summary>
public sealed class CheckoutAnswers(IOptions<JsonOptions> json) : ICheckoutAnswers
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    // A new order's one change is its customer's placing it.
    public IdempotentAnswer Placed(Order order) =>
        new(StatusCodes.Status201Created, JsonSerializer.Serialize(OrderResponse.From(order, namesStaff: false), _options), $"/orders/{order.Id}", order.Id);

    public IdempotentAnswer Refused(CheckoutRefusal refusal) =>
        new(StatusOf(refusal), JsonSerializer.Serialize(new StoredProblem(refusal.Detail, refusal.Extensions), _options));

    /// <summary>A kept answer, as it was first sent: the 201 byte for byte, a refusal with the replaying request's trace id.</summary>
    public Results<CreatedAsStored, ProblemHttpResult> Send(IdempotentAnswer answer)
    {
        if (answer.StatusCode == StatusCodes.Status201Created)
        {
            return new CreatedAsStored(answer.Location!, answer.Body);
        }

        var problem = JsonSerializer.Deserialize<StoredProblem>(answer.Body, _options)!;
        return ApiProblems.Status(answer.StatusCode, problem.Detail, problem.Extensions);
    }

    public static ProblemHttpResult Problem(CheckoutRefusal refusal) => ApiProblems.Status(StatusOf(refusal), refusal.Detail, refusal.Extensions);

    private static int StatusOf(CheckoutRefusal refusal) => refusal switch
    {
        CheckoutRefusal.UnknownCart => StatusCodes.Status404NotFound,
        CheckoutRefusal.EmptyCart => StatusCodes.Status400BadRequest,
        CheckoutRefusal.MixedCurrencies or CheckoutRefusal.Superseded => StatusCodes.Status409Conflict,
        // Products.Api's status, passed on as it came (docs/api.md).
        CheckoutRefusal.ByInventory byInventory => byInventory.Answer.Status,
        _ => throw new InvalidOperationException($"Unexpected refusal {refusal}."),
    };

    /// <summary>A refused checkout as kept for replay (the trace id is the replaying request's own).</summary>
    private sealed record StoredProblem(string Detail, IDictionary<string, object?>? Extensions);
}

/// <summary>The 201 as its key stored it: a retry gets the first answer byte for byte.</summary>
public sealed class CreatedAsStored(string location, string body) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status201Created;
        httpContext.Response.Headers.Location = location;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return httpContext.Response.WriteAsync(body);
    }
}
