using System.Globalization;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace Products.Api.Contracts;

/// <summary>
/// The filters of GET /products, bound as text so that a bad value is reported per field
/// rather than as a bare binding failure.
/// </summary>
public sealed record ProductQuery(
    [property: FromQuery(Name = "category")] string? Category,
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "min_price")] string? MinPrice,
    [property: FromQuery(Name = "max_price")] string? MaxPrice,
    [property: FromQuery(Name = "max_stock")] string? MaxStock,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "after")] string? After) : IValidatableQuery<ValidatedProductQuery>
{
    public ValidatedProductQuery Validate(ValidationErrors errors)
    {
        var page = PageRequest.Parse(Limit, After, errors);
        errors.Text("q", Q, 0, 200);
        errors.Text("category", Category, 0, 100);
        return new ValidatedProductQuery(
            Category, Q, ParsePrice("min_price", MinPrice, errors), ParsePrice("max_price", MaxPrice, errors), ParseStock("max_stock", MaxStock, errors), page);
    }

    private static int? ParseStock(string field, string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var stock))
        {
            return stock;
        }

        errors.Add(field, "Must be a whole number of at least 0.");
        return null;
    }

    private static decimal? ParsePrice(string field, string? value, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
        {
            return price;
        }

        errors.Add(field, "Must be a non-negative number.");
        return null;
    }
}

public sealed record ValidatedProductQuery(string? Category, string? Q, decimal? MinPrice, decimal? MaxPrice, int? MaxStock, PageRequest Page);
