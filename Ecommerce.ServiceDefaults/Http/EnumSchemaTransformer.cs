using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// Describes enums in the OpenAPI document as the strings that travel (<c>"pending"</c>, <c>"paid"</c>, …): the
/// generator cannot see through <see cref="ExactEnumConverterFactory"/> and would describe them as anything.
/// </summary>
internal static class EnumSchemaTransformer
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = Enum.GetNames(type).Select(name => (JsonNode)JsonValue.Create(JsonNamingPolicy.SnakeCaseLower.ConvertName(name))).ToList();
        }

        return Task.CompletedTask;
    }
}
