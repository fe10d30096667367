using System.Text.Json;
using Ecommerce.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.ServiceDefaults.Data;

public static class JsonbColumns
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>
    /// Stores a value as a jsonb document in the API's own wire format (snake_case), so that what a database holds reads
    /// as the API shows it. The value is compared by its JSON, so a changed value is always written.
    /// </summary>
    public static PropertyBuilder<T> HasJsonbConversion<T>(this PropertyBuilder<T> property) => property
        .HasColumnType("jsonb")
        .HasConversion(
            value => JsonSerializer.Serialize(value, Options),
            json => JsonSerializer.Deserialize<T>(json, Options)!,
            new ValueComparer<T>(
                (left, right) => JsonSerializer.Serialize(left, Options) == JsonSerializer.Serialize(right, Options),
                value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        HttpDefaults.Configure(options);
        return options;
    }
}
