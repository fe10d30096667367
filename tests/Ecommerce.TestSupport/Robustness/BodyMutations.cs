using System.Text.Json.Nodes;

namespace Ecommerce.TestSupport.Robustness;

/// <summary>What the contract says of a mutated request.</summary>
public enum Expectation
{
    /// <summary>It breaks the schema or docs/api.md: a 4xx problem, and nothing stored.</summary>
    Refused,

    /// <summary>The schema allows it (or cannot tell): any answer but a 5xx or a hang; a 4xx is still a full problem.</summary>
    Tolerated,

    /// <summary>
    /// Refused by the HTTP server while it parses the request line, before any code of the service runs (Kestrel
    /// refuses a NUL in the path): a 400 with no body to shape, and nothing stored.
    /// </summary>
    RefusedByServer,
}

/// <summary>
/// One request body made from a valid one by changing one property. A refused one must name <see cref="Field"/> in its
/// errors: exactly (a missing property) or as the start of the name (<c>items</c> for <c>items[0]</c>).
/// </summary>
public sealed record BodyMutation(string Field, string Label, string Json, Expectation Expectation, bool ExactField)
{
    /// <summary>Read-only values sent along: an answer that accepts the body must not show them back.</summary>
    public JsonObject? Ignored { get; init; }
}

/// <summary>
/// Builds a valid body from a schema, then for every property (nested ones too, through arrays) the mutations the
/// robustness test sends: missing, null, every wrong JSON type, null inside arrays, empty, 10,000-character, NUL and
/// lone-surrogate strings, out-of-range numbers, unknown extra properties and arrays nested 1,000 deep.
/// </summary>
public sealed class BodyMutations(OpenApiOperations document, Func<string, JsonNode?> knownValue)
{
    // Values JsonNode cannot hold, or would write differently: replaced in the text after serialising.
    private const string LoneSurrogate = "__lone_surrogate__";
    private const string NegativeZero = "__negative_zero__";
    private const string Huge = "__huge__";
    private const string ThreeDecimals = "__three_decimals__";
    private const string DeepArray = "__deep_array__";

    private static readonly Dictionary<string, string> RawTokens = new()
    {
        [LoneSurrogate] = "\"a\\ud800b\"",
        [NegativeZero] = "-0",
        [Huge] = "1e308",
        [ThreeDecimals] = "1.005",
        [DeepArray] = new string('[', 1000) + new string(']', 1000),
    };

    /// <summary>A value for every property that the schema (or the test, by property name) can give a valid one.</summary>
    public JsonNode? ValidValue(string name, JsonObject schema)
    {
        if (knownValue(name) is { } known)
        {
            return known;
        }

        var facts = SchemaFacts.Of(document, schema);
        if (facts.Schema["default"] is { } fallback)
        {
            return fallback.DeepClone();
        }

        if (facts.IsEnum)
        {
            return facts.Schema["enum"]![0]!.DeepClone();
        }

        return facts switch
        {
            { IsObject: true } => ValidObject(facts),
            { IsArray: true } => new JsonArray(ValidValue(name, facts.ItemSchema!)),
            { Format: "uuid" } => Guid.CreateVersion7().ToString(),
            { Format: "date-time" } => DateTime.UtcNow.ToString("O"),
            { IsString: true } => $"robust-{Guid.NewGuid():N}"[..16],
            { IsNumber: true } => 1,
            _ when facts.Types.Contains("boolean") => true,
            _ => null,
        };
    }

    public JsonObject ValidObject(JsonObject schema) => ValidObject(SchemaFacts.Of(document, schema));

    public IEnumerable<BodyMutation> For(JsonObject schema, JsonObject valid)
    {
        var facts = SchemaFacts.Of(document, schema);
        foreach (var mutation in ForObject(facts, valid, []))
        {
            yield return mutation;
        }

        var readOnly = new JsonObject { ["id"] = Guid.CreateVersion7().ToString(), ["created_at"] = "2000-01-01T00:00:00Z", ["unexpected_property"] = 1 };
        var extended = valid.DeepClone().AsObject();
        foreach (var (name, value) in readOnly.Where(p => !valid.ContainsKey(p.Key)))
        {
            extended[name] = value!.DeepClone();
        }

        yield return new BodyMutation("body", "read-only and unknown properties", extended.ToJsonString(), Expectation.Tolerated, false) { Ignored = readOnly };
        yield return new BodyMutation("body", "nested 1,000 deep", RawTokens[DeepArray], Expectation.Refused, false);
    }

    private JsonObject ValidObject(SchemaFacts facts)
    {
        var value = new JsonObject();
        foreach (var (name, schema, _) in facts.Properties())
        {
            value[name] = ValidValue(name, schema);
        }

        return value;
    }

    private IEnumerable<BodyMutation> ForObject(SchemaFacts facts, JsonObject valid, IReadOnlyList<object> at)
    {
        foreach (var (name, schema, required) in facts.Properties())
        {
            var property = SchemaFacts.Of(document, schema);
            var field = FieldName([.. at, name]);

            yield return Mutate(valid, at, field, "missing", parent => parent.Remove(name),
                required ? Expectation.Refused : Expectation.Tolerated, exact: true);
            yield return Set(valid, at, name, field, "null", null, property.AllowsNull ? Expectation.Tolerated : Expectation.Refused);

            foreach (var (kind, value) in new (string, JsonNode)[] { ("string", "text"), ("number", 12), ("boolean", true), ("object", new JsonObject()), ("array", new JsonArray()) })
            {
                var breaks = !property.AcceptsKind(kind) || (kind == "string" && property.IsConstrainedString);
                yield return Set(valid, at, name, field, $"a {kind}", value, breaks ? Expectation.Refused : Expectation.Tolerated);
            }

            yield return Set(valid, at, name, field, "arrays nested 1,000 deep", DeepArray, Expectation.Refused);

            if (property.IsString)
            {
                var lengthBreaks = property.IsConstrainedString ? Expectation.Refused : Expectation.Tolerated;
                yield return Set(valid, at, name, field, "an empty string", "", lengthBreaks);
                yield return Set(valid, at, name, field, "10,000 characters", new string('x', 10_000), lengthBreaks);
                yield return Set(valid, at, name, field, "a NUL character", "a\u0000b", Expectation.Refused);
                yield return Set(valid, at, name, field, "a lone surrogate", LoneSurrogate, Expectation.Refused);
            }

            if (property.IsNumber)
            {
                yield return Set(valid, at, name, field, "negative", -1, Expectation.Tolerated);
                yield return Set(valid, at, name, field, "-0", NegativeZero, Expectation.Tolerated);
                yield return Set(valid, at, name, field, "1e308", Huge, Expectation.Refused);
                yield return Set(valid, at, name, field, "three decimals", ThreeDecimals, Expectation.Refused);
            }

            if (property.IsArray && property.ItemSchema is { } items)
            {
                var element = SchemaFacts.Of(document, items);
                yield return Set(valid, at, name, field, "a null element", new JsonArray((JsonNode?)null),
                    element.AllowsNull ? Expectation.Tolerated : Expectation.Refused);
                if (element.IsObject && valid[name] is JsonArray { Count: > 0 })
                {
                    foreach (var nested in ForObject(element, valid, [.. at, name, 0]))
                    {
                        yield return nested;
                    }
                }
            }
            else if (property.IsObject)
            {
                foreach (var nested in ForObject(property, valid, [.. at, name]))
                {
                    yield return nested;
                }
            }
        }

        var extra = FieldName(at) is var parent && parent.Length > 0 ? $"{parent}.unexpected_property" : "unexpected_property";
        yield return Mutate(valid, at, extra, "an unknown property", o => o["unexpected_property"] = "x", Expectation.Tolerated, exact: false);
    }

    private static BodyMutation Set(JsonObject valid, IReadOnlyList<object> at, string name, string field, string label, JsonNode? value, Expectation expectation) =>
        Mutate(valid, at, field, label, parent => parent[name] = value?.DeepClone(), expectation, exact: false);

    private static BodyMutation Mutate(JsonObject valid, IReadOnlyList<object> at, string field, string label, Action<JsonObject> change, Expectation expectation, bool exact)
    {
        var body = valid.DeepClone().AsObject();
        JsonNode parent = body;
        foreach (var segment in at)
        {
            parent = segment is int index ? parent[index]! : parent[(string)segment]!;
        }

        change(parent.AsObject());
        var json = body.ToJsonString();
        foreach (var (token, raw) in RawTokens)
        {
            json = json.Replace($"\"{token}\"", raw, StringComparison.Ordinal);
        }

        return new BodyMutation(field, label, json, expectation, exact);
    }

    /// <summary><c>["items", 0, "quantity"]</c> → <c>items[0].quantity</c>, as the problems name fields.</summary>
    private static string FieldName(IReadOnlyList<object> segments) =>
        string.Concat(segments.Select((s, i) => s is int index ? $"[{index}]" : i == 0 ? (string)s : $".{s}"));
}
