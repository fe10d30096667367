using System.Globalization;

namespace Storefront.Components.Shop;

/// <summary>A price as a shopper reads it: with its currency's sign where it has a common one, its code otherwise.</summary>
public static class Money
{
    public static string Format(decimal amount, string currency)
    {
        var number = amount.ToString("#,0.00", CultureInfo.InvariantCulture);
        return currency.ToUpperInvariant() switch
        {
            "USD" => $"${number}",
            "EUR" => $"€{number}",
            "GBP" => $"£{number}",
            var code => $"{number} {code}",
        };
    }
}
