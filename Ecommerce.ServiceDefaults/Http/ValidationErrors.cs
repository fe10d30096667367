using System.Globalization;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>Collects what is wrong with a request, field by field, for a 400 problem with <c>errors</c>.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());

    /// <summary>Length in Unicode characters, no NUL, no unpaired surrogate (which no database can store).</summary>
    public string? Text(string field, string? value, int minLength, int maxLength)
    {
        if (value is null)
        {
            if (minLength > 0)
            {
                Add(field, "Is required.");
            }

            return null;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            Add(field, "Must not contain the NUL character.");
            return value;
        }

        if (!IsWellFormed(value))
        {
            Add(field, "Contains an unpaired UTF-16 surrogate.");
            return value;
        }

        var length = value.EnumerateRunes().Count();
        if (length < minLength || length > maxLength)
        {
            Add(field, minLength == maxLength
                ? string.Create(CultureInfo.InvariantCulture, $"Must be {minLength} characters long.")
                : string.Create(CultureInfo.InvariantCulture, $"Must be {minLength} to {maxLength} characters long."));
        }

        return value;
    }

    /// <summary>A non-negative amount of money with at most two decimals that fits numeric(12,2).</summary>
    public void Money(string field, decimal value)
    {
        if (value < 0)
        {
            Add(field, "Must not be negative.");
        }
        else if (value.Scale > 2 && decimal.Round(value, 2) != value)
        {
            Add(field, "Must have at most 2 decimals.");
        }
        else if (value >= 10_000_000_000m)
        {
            Add(field, "Must be less than 10000000000.");
        }
    }

    /// <summary>An ISO 4217 code: three uppercase letters.</summary>
    public void Currency(string field, string value)
    {
        if (value.Length != 3 || !value.All(char.IsAsciiLetterUpper))
        {
            Add(field, "Must be an ISO 4217 code of three uppercase letters, such as USD.");
        }
    }

    /// <summary>
    /// 1 to <paramref name="maxCount"/> elements, none of them null (a JSON <c>null</c> in an array reaches the
    /// handler as one); each element is checked by <paramref name="validateElement"/> under its own name, <c>items[0]</c>.
    /// </summary>
    public void List<T>(string field, IReadOnlyList<T?> list, int maxCount, Action<string, T> validateElement) where T : class
    {
        Count(field, list.Count, maxCount);

        for (var i = 0; i < list.Count; i++)
        {
            var elementField = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
            if (list[i] is { } element)
            {
                validateElement(elementField, element);
            }
            else
            {
                Add(elementField, "Must not be null.");
            }
        }
    }

    /// <summary>An array of 1 to <paramref name="maxCount"/> elements.</summary>
    public void Count(string field, int count, int maxCount)
    {
        if (count == 0 || count > maxCount)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"Must hold 1 to {maxCount} elements."));
        }
    }

    public void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"Must be from {min} to {max}."));
        }
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
