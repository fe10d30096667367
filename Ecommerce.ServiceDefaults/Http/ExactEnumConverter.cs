using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// Enums as snake_case strings, read exactly as written (<c>"paid"</c>, never <c>"PAID"</c> or <c>1</c>): the
/// built-in converter forgives case, which would make the wire format looser than the contract.
/// </summary>
internal sealed class ExactEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ExactEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class ExactEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && WireName.TryParse<T>(reader.GetString(), out var value)
                ? value
                : throw new JsonException($"Must be one of: {string.Join(", ", WireName.All<T>())}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(WireName.Of(value));
    }
}

/// <summary>
/// An enum value as the APIs write it (snake_case: <c>stock_adjusted</c>), wherever it travels as text: JSON, a query
/// string, a problem's extension, a metric's tag.
/// </summary>
public static class WireName
{
    public static string Of<T>(T value) where T : struct, Enum => Names<T>.ByValue[value];

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Names<T>.ByName.TryGetValue(text, out value);
    }

    public static IEnumerable<string> All<T>() where T : struct, Enum => Names<T>.ByName.Keys;

    private static class Names<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> ByName =
            Enum.GetValues<T>().ToDictionary(value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()), StringComparer.Ordinal);

        public static readonly Dictionary<T, string> ByValue = ByName.ToDictionary(pair => pair.Value, pair => pair.Key);
    }
}
