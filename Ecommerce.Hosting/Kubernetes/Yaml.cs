using YamlDotNet.Serialization;

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>Kubernetes objects as ordered maps, written as YAML documents.</summary>
internal static class Yaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .DisableAliases()
        .WithIndentedSequences()
        .WithQuotingNecessaryStrings()
        .Build();

    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>();
        foreach (var (key, value) in entries)
        {
            if (value is not null)
            {
                map[key] = value;
            }
        }

        return map;
    }

    public static string WriteDocuments(IEnumerable<object> documents) =>
        string.Join("---\n", documents.Select(document => Serializer.Serialize(document)));

    public static string Write(object document) => Serializer.Serialize(document);
}
