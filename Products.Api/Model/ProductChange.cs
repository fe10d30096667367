using System.Globalization;
using Ecommerce.ServiceDefaults.Authentication;

namespace Products.Api.Model;

/// <summary>
/// One change an admin made to a product, written in the transaction of the change itself. It names the product by id
/// only: the log outlives a deleted product. Stock that reservations hold, commit or give back is not logged.
/// </summary>
public sealed class ProductChange
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ProductId { get; init; }

    public DateTime At { get; init; }

    public ProductChangeKind Change { get; init; }

    public required Actor Actor { get; init; }

    /// <summary>What changed, by the API's field name; values as invariant-culture strings (null for none).</summary>
    public Dictionary<string, FieldChange> Fields { get; init; } = [];

    public static ProductChange Created(Product product, Actor actor, DateTime at) => new()
    {
        ProductId = product.Id,
        At = at,
        Change = ProductChangeKind.Created,
        Actor = actor,
        Fields = FieldsOf(product).ToDictionary(field => field.Key, field => new FieldChange(null, field.Value)),
    };

    /// <summary>The fields whose value differs between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static ProductChange Edited(Guid productId, IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after, Actor actor, DateTime at) => new()
    {
        ProductId = productId,
        At = at,
        Change = ProductChangeKind.Edited,
        Actor = actor,
        Fields = after.Where(field => before[field.Key] != field.Value)
            .ToDictionary(field => field.Key, field => new FieldChange(before[field.Key], field.Value)),
    };

    public static ProductChange Of(Guid productId, ProductChangeKind change, Actor actor, DateTime at, Dictionary<string, FieldChange>? fields = null) => new()
    {
        ProductId = productId,
        At = at,
        Change = change,
        Actor = actor,
        Fields = fields ?? [],
    };

    /// <summary>A product's editable fields as the log writes them: price with its two decimals, as numeric(12,2) stores it.</summary>
    public static Dictionary<string, string?> FieldsOf(Product product) => new()
    {
        ["sku"] = product.Sku,
        ["name"] = product.Name,
        ["description"] = product.Description,
        ["category"] = product.Category,
        ["price"] = product.Price.ToString("0.00", CultureInfo.InvariantCulture),
        ["currency"] = product.Currency,
        ["stock"] = Text(product.Stock),
    };

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A field's value before and after a change; <c>from</c> is null for a product just created.</summary>
public sealed record FieldChange(string? From, string? To);

public enum ProductChangeKind
{
    Created,
    Edited,
    Deleted,
    StockAdjusted,
    PictureSet,
    PictureRemoved,
}
