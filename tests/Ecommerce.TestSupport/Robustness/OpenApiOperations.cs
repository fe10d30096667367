using System.Text.Json.Nodes;

namespace Ecommerce.TestSupport.Robustness;

/// <summary>One parameter of an operation, as the OpenAPI document declares it.</summary>
public sealed record OperationParameter(string Name, string In, bool Required);

/// <summary>
/// One operation of a service's OpenAPI document: method, path template, parameters, body schema, and whether it declares
/// a security requirement (a token).
/// </summary>
public sealed record Operation(string Method, string Path, IReadOnlyList<OperationParameter> Parameters, JsonObject? BodySchema, bool Secured = false)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>The operations of a service's own <c>/openapi/v1.json</c>, with its <c>$ref</c>s resolved.</summary>
public sealed class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private readonly JsonObject _document;

    private OpenApiOperations(JsonObject document)
    {
        _document = document;
        Operations = ReadOperations().ToList();
    }

    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>Every path template with the methods it answers, upper-case.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> AllowedMethods =>
        Operations.GroupBy(o => o.Path).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(o => o.Method).ToHashSet());

    public static async Task<OpenApiOperations> LoadAsync(HttpClient service)
    {
        var text = await service.GetStringAsync("/openapi/v1.json");
        return new OpenApiOperations(JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The schema itself, or the one its <c>$ref</c> points at.</summary>
    public JsonObject Resolve(JsonObject schema)
    {
        if (schema["$ref"]?.GetValue<string>() is not { } reference)
        {
            return schema;
        }

        JsonNode node = _document;
        foreach (var segment in reference.TrimStart('#', '/').Split('/'))
        {
            node = node[segment] ?? throw new InvalidOperationException($"The document has no {reference}.");
        }

        return Resolve(node.AsObject());
    }

    private IEnumerable<Operation> ReadOperations()
    {
        foreach (var (path, item) in _document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject operation)
                {
                    continue;
                }

                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => new OperationParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() ?? false))
                    .ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject schema ? Resolve(schema) : null;
                var secured = operation["security"] is JsonArray { Count: > 0 };
                yield return new Operation(method.ToUpperInvariant(), path, parameters, body, secured);
            }
        }
    }
}
