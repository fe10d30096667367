using System.Globalization;

namespace Ecommerce.TestSupport;

/// <summary>The gateway's configuration as the AppHost's <c>WithRoute</c> writes it, for a gateway run as a process.</summary>
public static class GatewaySettings
{
    /// <summary>Routes <paramref name="prefix"/> and everything below it to the cluster <paramref name="service"/>, found by service discovery.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Route(string service, string prefix, TimeSpan timeout) =>
    [
        new($"ReverseProxy__Routes__{service}__ClusterId", service),
        new($"ReverseProxy__Routes__{service}__Match__Path", prefix + "/{**rest}"),
        new($"ReverseProxy__Routes__{service}__Timeout", timeout.ToString("c", CultureInfo.InvariantCulture)),
        new($"ReverseProxy__Clusters__{service}__Destinations__{service}__Address", $"http://{service}"),
    ];

    /// <summary>Service discovery's variables for the replicas of <paramref name="service"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Discovery(string service, IEnumerable<ServiceProcess> replicas) =>
        replicas.Select((replica, i) => new KeyValuePair<string, string>($"services__{service}__http__{i}", replica.Origin));
}
