using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Storefront.Services;

/// <summary>
/// A product's editable fields as an admin's form holds them, checked with Products.Api's own rules before they are sent,
/// so most mistakes are shown on their field at once; the service's answer is still the last word.
/// </summary>
public sealed class ProductFields
{
    [Required(ErrorMessage = "A SKU is required."), StringLength(64, ErrorMessage = "At most 64 characters.")]
    public string? Sku { get; set; }

    [Required(ErrorMessage = "A name is required."), StringLength(200, ErrorMessage = "At most 200 characters.")]
    public string? Name { get; set; }

    [StringLength(4000, ErrorMessage = "At most 4000 characters.")]
    public string? Description { get; set; }

    [StringLength(100, ErrorMessage = "At most 100 characters.")]
    public string? Category { get; set; }

    [Required(ErrorMessage = "A price is required."), Range(typeof(decimal), "0", "99999999", ErrorMessage = "From 0 to 99,999,999.")]
    public decimal? Price { get; set; }

    [Required(ErrorMessage = "A currency is required."), RegularExpression("^[A-Z]{3}$", ErrorMessage = "Three capital letters, as USD or EUR.")]
    public string? Currency { get; set; } = "USD";

    [Required(ErrorMessage = "The stock is required."), Range(0, int.MaxValue, ErrorMessage = "A whole number of at least 0.")]
    public int? Stock { get; set; } = 0;

    /// <summary>
    /// Each field: its name in the form and at Products.Api, its label, its value as text (an empty text is no value),
    /// and how to take it from other fields.
    /// </summary>
    public static readonly IReadOnlyList<Field> All =
    [
        new(nameof(Sku), "sku", "SKU", fields => fields.Sku, (to, from) => to.Sku = from.Sku),
        new(nameof(Name), "name", "Name", fields => fields.Name, (to, from) => to.Name = from.Name),
        new(nameof(Description), "description", "Description", fields => fields.Description, (to, from) => to.Description = from.Description),
        new(nameof(Category), "category", "Category", fields => fields.Category, (to, from) => to.Category = from.Category),
        new(nameof(Price), "price", "Price", fields => fields.Price?.ToString("0.00", CultureInfo.InvariantCulture), (to, from) => to.Price = from.Price),
        new(nameof(Currency), "currency", "Currency", fields => fields.Currency, (to, from) => to.Currency = from.Currency),
        new(nameof(Stock), "stock", "Stock", fields => fields.Stock?.ToString(CultureInfo.InvariantCulture), (to, from) => to.Stock = from.Stock),
    ];

    public sealed record Field(string Property, string ApiName, string Label, Func<ProductFields, string?> Read, Action<ProductFields, ProductFields> Take)
    {
        public string? Text(ProductFields fields) => Read(fields) is { Length: > 0 } text ? text : null;
    }

    /// <summary>
    /// An edit made on <paramref name="original"/> while someone else saved <paramref name="theirs"/>: their changes to
    /// the fields this person left alone are taken (a sale that changed the stock, say), this person's are kept, and a
    /// field both changed to different values is a conflict for the person to decide. Nothing is overwritten silently.
    /// </summary>
    public static (ProductFields Merged, IReadOnlyList<Field> Conflicts) Merge(ProductFields original, ProductFields mine, ProductFields theirs)
    {
        var merged = mine.Copy();
        var conflicts = new List<Field>();
        foreach (var field in All)
        {
            var mineChanged = field.Text(mine) != field.Text(original);
            var theirsChanged = field.Text(theirs) != field.Text(original);
            if (theirsChanged && !mineChanged)
            {
                field.Take(merged, theirs);
            }
            else if (theirsChanged && field.Text(mine) != field.Text(theirs))
            {
                conflicts.Add(field);
            }
        }

        return (merged, conflicts);
    }

    public static ProductFields From(Product product) => new()
    {
        Sku = product.Sku,
        Name = product.Name,
        Description = product.Description,
        Category = product.Category,
        Price = product.Price,
        Currency = product.Currency,
        Stock = product.Stock,
    };

    public object ToRequest() => new
    {
        sku = Sku?.Trim(),
        name = Name?.Trim(),
        description = string.IsNullOrWhiteSpace(Description) ? null : Description,
        category = string.IsNullOrWhiteSpace(Category) ? null : Category.Trim(),
        price = Price,
        currency = Currency,
        stock = Stock,
    };

    public ProductFields Copy() => (ProductFields)MemberwiseClone();
}
