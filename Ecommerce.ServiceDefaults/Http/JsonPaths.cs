namespace Ecommerce.ServiceDefaults.Http;

internal static class JsonPaths
{
    /// <summary><c>$.items[0].quantity</c> → <c>items[0].quantity</c>; the root is reported as <c>body</c>.</summary>
    public static string ToFieldName(string? jsonPath) => jsonPath switch
    {
        null or "" or "$" => "body",
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ when jsonPath.StartsWith('$') => jsonPath[1..],
        _ => jsonPath,
    };
}
