using System.Text.Json.Nodes;

namespace Ecommerce.TestSupport.Robustness;

/// <summary>What a property's schema allows, read from its (resolved) OpenAPI schema.</summary>
internal sealed record SchemaFacts(JsonObject Schema, IReadOnlySet<string> Types, string? Format, bool IsEnum)
{
    public bool AllowsNull => Types.Contains("null");

    public bool IsString => Types.Contains("string");

    public bool IsNumber => Types.Contains("number") || Types.Contains("integer");

    public bool IsArray => Types.Contains("array");

    public bool IsObject => Types.Contains("object");

    /// <summary>A string whose value is constrained beyond its length: a UUID, a timestamp, an enum.</summary>
    public bool IsConstrainedString => IsString && (Format is "uuid" or "date-time" || IsEnum);

    /// <summary>The JSON kinds (string, number, boolean, object, array) a value may have.</summary>
    public bool AcceptsKind(string kind) => kind switch
    {
        "number" => IsNumber,
        _ => Types.Contains(kind),
    };

    public static SchemaFacts Of(OpenApiOperations document, JsonObject schema)
    {
        var resolved = document.Resolve(schema);
        var types = resolved["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToHashSet(),
            JsonValue one => new HashSet<string> { one.GetValue<string>() },
            _ when resolved["enum"] is not null => new HashSet<string> { "string" },
            _ when resolved["properties"] is not null => new HashSet<string> { "object" },
            _ => [],
        };
        return new SchemaFacts(resolved, types, resolved["format"]?.GetValue<string>(), resolved["enum"] is not null);
    }

    public IEnumerable<(string Name, JsonObject Schema, bool Required)> Properties()
    {
        var required = (Schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
        foreach (var (name, schema) in Schema["properties"]?.AsObject() ?? [])
        {
            yield return (name, schema!.AsObject(), required.Contains(name));
        }
    }

    public JsonObject? ItemSchema => Schema["items"] as JsonObject;
}
