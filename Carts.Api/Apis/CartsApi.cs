using Carts.Api.Contracts;
using Carts.Api.Infrastructure;
using Carts.Api.Model;
using System.Security.Claims;
using Ecommerce.ServiceDefaults.Authentication;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Carts.Api.Apis;

public static class CartsApi
{
    public static IEndpointRouteBuilder MapCartsApi(this IEndpointRouteBuilder app)
    {
        // A cart is its owner's alone: every operation names the caller, and someone else's cart is not found (404).
        var api = app.MapGroup("/carts").WithTags("Carts").RequireAuthorization(Scopes.Carts).WithRequestValidation();
        api.MapPost("", CreateCart).WithSummary("Create an empty cart for the caller")
            .ProducesValidationProblem();
        api.MapGet("{id}", GetCart).WithSummary("Get a cart")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("{id}/items", AddItem).WithSummary("Add a product, or more of it")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPut("{id}/items/{productId}", SetQuantity).WithSummary("Set a product's quantity; 0 removes it")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapDelete("{id}/items/{productId}", RemoveItem).WithSummary("Remove a product from the cart")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("{id}", ClearCart).WithSummary("Remove every item; the cart stays")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<CartResponse>, ProblemHttpResult>> CreateCart(
        CreateCartRequest request, ClaimsPrincipal caller, CartStore carts, CartMetrics metrics)
    {
        if (request.UserId is not null && request.UserId != caller.Subject())
        {
            return ApiProblems.Status(StatusCodes.Status403Forbidden, "A cart is created for the caller: user_id, when given, must be the token's sub.");
        }

        var cart = await carts.CreateAsync(caller.Subject());
        metrics.CartCreated();
        return TypedResults.Created($"/carts/{cart.Id}", CartResponse.From(cart));
    }

    public static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> GetCart(string id, ClaimsPrincipal caller, CartStore carts)
    {
        var cart = Guid.TryParse(id, out var cartId) ? await carts.GetAsync(cartId, caller.Subject()) : null;
        return cart is null ? CartNotFound(id) : TypedResults.Ok(CartResponse.From(cart));
    }

    public static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> AddItem(
        string id, AddItemRequest request, ClaimsPrincipal caller, CartStore carts, ProductCatalogClient catalog, CartMetrics metrics,
        CancellationToken cancellationToken)
    {
        var (cart, product, problem) = await LookUpAsync(id, caller.Subject(), request.ProductId, carts, catalog, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var update = await carts.AddAsync(cart!.Id, caller.Subject(), Snapshot(product!), request.Quantity, product!.Stock);
        if (update.Change == CartChange.Applied)
        {
            metrics.ItemsAdded(request.Quantity);
        }

        return Answer(update, id, product);
    }

    public static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> SetQuantity(
        string id, string productId, SetQuantityRequest request, ClaimsPrincipal caller, CartStore carts, ProductCatalogClient catalog,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var cartId))
        {
            return CartNotFound(id);
        }

        if (request.Quantity == 0)
        {
            // Removing needs no product, so it works while Products.Api is down, and for a product since deleted.
            return Answer(Guid.TryParse(productId, out var removedId)
                ? await carts.SetZeroAsync(cartId, caller.Subject(), removedId)
                : await carts.UnchangedAsync(cartId, caller.Subject(), CartChange.Applied), id, product: null);
        }

        if (!Guid.TryParse(productId, out var parsedProductId))
        {
            return UnknownProduct(productId);
        }

        var (_, product, problem) = await LookUpAsync(id, caller.Subject(), parsedProductId, carts, catalog, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return Answer(await carts.SetAsync(cartId, caller.Subject(), Snapshot(product!), request.Quantity, product!.Stock), id, product);
    }

    public static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> RemoveItem(string id, string productId, ClaimsPrincipal caller, CartStore carts)
    {
        if (!Guid.TryParse(id, out var cartId))
        {
            return CartNotFound(id);
        }

        var update = Guid.TryParse(productId, out var parsedProductId)
            ? await carts.RemoveAsync(cartId, caller.Subject(), parsedProductId)
            : await carts.UnchangedAsync(cartId, caller.Subject(), CartChange.LineNotFound);
        return update.Change == CartChange.LineNotFound
            ? ApiProblems.NotFound($"The cart has no line for the product '{productId}'.")
            : Answer(update, id, product: null);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ClearCart(string id, ClaimsPrincipal caller, CartStore carts)
    {
        var change = Guid.TryParse(id, out var cartId) ? await carts.ClearAsync(cartId, caller.Subject()) : CartChange.CartNotFound;
        return change == CartChange.CartNotFound ? CartNotFound(id) : TypedResults.NoContent();
    }

    /// <summary>
    /// The cart first (404 before any call to Products.Api), then the product: 422 when it does not exist, 409 when
    /// its currency is not the cart's. A Products.Api that is down throws, which the service answers with 503.
    /// </summary>
    private static async Task<(Cart? Cart, ProductInfo? Product, ProblemHttpResult? Problem)> LookUpAsync(
        string id, string owner, Guid productId, CartStore carts, ProductCatalogClient catalog, CancellationToken cancellationToken)
    {
        var cart = Guid.TryParse(id, out var cartId) ? await carts.GetAsync(cartId, owner) : null;
        if (cart is null)
        {
            return (null, null, CartNotFound(id));
        }

        var product = await catalog.FindAsync(productId, cancellationToken);
        if (product is null)
        {
            return (cart, null, UnknownProduct(productId.ToString()));
        }

        if (cart.Lines.Any(line => line.Product.ProductId != productId) && product.Currency != cart.Currency)
        {
            return (cart, product, ApiProblems.Conflict($"The cart is in {cart.Currency}; the product is priced in {product.Currency}."));
        }

        return (cart, product, null);
    }

    private static Results<Ok<CartResponse>, ProblemHttpResult> Answer(CartUpdate update, string id, ProductInfo? product) =>
        update switch
        {
            { Change: CartChange.OverStock } => ApiProblems.Conflict($"Only {product!.Stock} of '{product.Sku}' are in stock.",
                new Dictionary<string, object?> { ["product_id"] = product.Id, ["available"] = product.Stock }),
            { Change: CartChange.OverLimit } => ApiProblems.Conflict($"A cart line holds at most {CartLimits.MaxQuantity} units."),
            { Cart: { } cart } => TypedResults.Ok(CartResponse.From(cart)),
            _ => CartNotFound(id),
        };

    private static ProductSnapshot Snapshot(ProductInfo product) => new(product.Id, product.Sku, product.Name, product.Price, product.Currency);

    private static ProblemHttpResult CartNotFound(string id) => ApiProblems.NotFound($"No cart has the id '{id}' (carts expire 30 days after their last change).");

    private static ProblemHttpResult UnknownProduct(string productId) => ApiProblems.Unprocessable($"No product has the id '{productId}'.");
}
