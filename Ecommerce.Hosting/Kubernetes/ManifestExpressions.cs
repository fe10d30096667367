using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;

namespace Ecommerce.Hosting.Kubernetes;

/// <summary>
/// Turns the placeholders of Aspire's manifest (<c>{postgres.bindings.tcp.port}</c>, <c>{catalogdb.connectionString}</c>,
/// <c>{postgres-password.value}</c>) into what they are in the cluster: a Service's name and port, and for a secret
/// parameter a <c>$(VAR)</c> reference to an environment variable that the pod reads from the Secret, so no secret
/// value is ever written out. The local gateway is not deployed: Emissary takes its place at each environment's public
/// host name, so its URL becomes <c>https://$(PUBLIC_HOSTNAME)</c>, the host name read from the environment's ConfigMap.
/// </summary>
internal sealed partial class ManifestExpressions(JsonObject resources, string publicGateway)
{
    /// <summary>The input, beside secret parameters, a value may be composed from: the environment's public host name.</summary>
    public const string PublicHostname = "PUBLIC_HOSTNAME";

    /// <summary>Every project listens on ASP.NET Core's container default (HTTP_PORTS), behind a Service on the same port.</summary>
    public const int ProjectPort = 8080;

    /// <summary>Every project serves its metrics on the OpenTelemetry Prometheus exporter's customary port.</summary>
    public const int MetricsPort = 9464;

    /// <summary>
    /// The placeholder's value, or null when it names what the cluster does not have (an https binding: TLS ends at
    /// Emissary); <paramref name="inputs"/> collects the secret parameters (and <see cref="PublicHostname"/>) it reads.
    /// </summary>
    public string? Translate(string value, ISet<string> inputs)
    {
        for (var depth = 0; depth < 8 && Placeholder().IsMatch(value); depth++)
        {
            var unresolvable = false;
            value = Placeholder().Replace(value, match =>
            {
                var resolved = Resolve(match.Groups[1].Value.Split('.'), inputs);
                unresolvable |= resolved is null;
                return resolved ?? "";
            });
            if (unresolvable)
            {
                return null;
            }
        }

        return value;
    }

    /// <summary>The port a resource's Service listens on.</summary>
    public int PortOf(string resource) => resources[resource]?["type"]?.GetValue<string>() switch
    {
        "project.v0" or "project.v1" => ProjectPort,
        _ => resources[resource]!["bindings"]!.AsObject().First().Value!["targetPort"]!.GetValue<int>(),
    };

    /// <summary>The environment variable a secret parameter is read into: <c>postgres-password</c> → <c>POSTGRES_PASSWORD</c>.</summary>
    public static string VariableFor(string parameter) => parameter.ToUpperInvariant().Replace('-', '_');

    private string? Resolve(string[] path, ISet<string> inputs)
    {
        var name = path[0];
        var resource = resources[name] ?? throw new InvalidOperationException($"The manifest has no resource '{name}'.");
        switch (path[1..])
        {
            case ["connectionString"]:
                return resource["connectionString"]?.GetValue<string>() ?? "";
            case ["value"] when resource["type"]?.GetValue<string>() == "parameter.v0":
                if (resource["inputs"]?["value"] is JsonObject { } input && input["secret"]?.GetValue<bool>() != true &&
                    input["default"]?["value"]?.GetValue<string>() is { } published)
                {
                    return published;
                }

                inputs.Add(name);
                return $"$({VariableFor(name)})";
            case ["bindings", _, var property] when name == publicGateway:
                inputs.Add(PublicHostname);
                return property switch
                {
                    "host" => $"$({PublicHostname})",
                    "port" or "targetPort" => "443",
                    "scheme" => "https",
                    "url" => $"https://$({PublicHostname})",
                    _ => throw new InvalidOperationException($"Unknown binding property '{property}'."),
                };
            case ["bindings", var binding, var property]:
                if (resource["bindings"]?[binding] is not JsonObject endpoint || endpoint["scheme"]?.GetValue<string>() == "https")
                {
                    return null;
                }

                var port = (binding == MetricsEndpointExtensions.EndpointName ? MetricsPort : PortOf(name)).ToString(CultureInfo.InvariantCulture);
                return property switch
                {
                    "host" => name,
                    "port" or "targetPort" => port,
                    "scheme" => endpoint["scheme"]!.GetValue<string>(),
                    "url" => $"{endpoint["scheme"]!.GetValue<string>()}://{name}:{port}",
                    _ => throw new InvalidOperationException($"Unknown binding property '{property}'."),
                };
            default:
                return null;
        }
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Placeholder();
}
