using System.Text.Json.Nodes;
using Json.Schema;

namespace Ecommerce.AppHost.Tests.Deploy;

/// <summary>The OpenAPI schemas of custom resources (Emissary's, Argo CD's, the Prometheus Operator's), from their CRDs, to validate objects against.</summary>
internal sealed class CrdSchemas
{
    private readonly Dictionary<(string ApiVersion, string Kind), JsonSchema> _schemas = [];

    public CrdSchemas(params string[] crdFiles)
    {
        foreach (var crd in crdFiles.SelectMany(file => YamlDocuments.Parse(File.ReadAllText(SchemaFile(file)))))
        {
            if (crd["kind"]?.GetValue<string>() != "CustomResourceDefinition")
            {
                continue;
            }

            var group = crd["spec"]!["group"]!.GetValue<string>();
            var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
            {
                if (version!["schema"]?["openAPIV3Schema"] is JsonObject schema)
                {
                    _schemas[($"{group}/{version["name"]!.GetValue<string>()}", kind)] = JsonSchema.FromText(schema.ToJsonString());
                }
            }
        }
    }

    public static string SchemaFile(string name) => Path.Combine(AppContext.BaseDirectory, "Deploy", "Schemas", name);

    /// <summary>Null when <paramref name="document"/> is valid for its kind, otherwise what is wrong.</summary>
    public string? Problems(JsonObject document)
    {
        var key = (document["apiVersion"]!.GetValue<string>(), document["kind"]!.GetValue<string>());
        return _schemas.TryGetValue(key, out var schema) ? Problems(schema, document) : $"no schema for {key}";
    }

    /// <summary>Null when <paramref name="document"/> is valid, otherwise each error with its place.</summary>
    public static string? Problems(JsonSchema schema, JsonNode document)
    {
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? null
            : string.Join("; ", result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }
}
