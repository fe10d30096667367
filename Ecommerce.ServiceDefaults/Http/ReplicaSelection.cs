using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.ServiceDiscovery;

namespace Ecommerce.ServiceDefaults.Http;

/// <summary>
/// Which replica of a service a call goes to. Service discovery's own handler takes a service's replicas in turn whether
/// or not they answer, so a replica that died keeps its share of the calls, each refused and retried, and a call that
/// meets it on every try fails. This takes them at random, but skips a replica that refused a connection for
/// <see cref="Quarantine"/>; after that, a call tries it again, which brings it back as soon as it answers. When every
/// replica refused, it tries one all the same: a refusal is the answer then.
/// </summary>
public sealed class ReplicaSelection(TimeProvider clock)
{
    /// <summary>Long enough that a dead replica costs one refused connection a second, short enough that a restarted one is used at once.</summary>
    public static readonly TimeSpan Quarantine = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<EndPoint, DateTimeOffset> _refusedUntil = new();

    public ServiceEndpoint Pick(IReadOnlyList<ServiceEndpoint> replicas)
    {
        var start = Random.Shared.Next(replicas.Count);
        var now = clock.GetUtcNow();
        for (var i = 0; i < replicas.Count; i++)
        {
            var replica = replicas[(start + i) % replicas.Count];
            if (!_refusedUntil.TryGetValue(replica.EndPoint, out var until) || until <= now)
            {
                return replica;
            }
        }

        return replicas[start];
    }

    public void Refused(ServiceEndpoint replica) => _refusedUntil[replica.EndPoint] = clock.GetUtcNow() + Quarantine;
}

/// <summary>
/// Sends each call to a replica of its service: the replicas come from service discovery's resolver, the choice from
/// <see cref="ReplicaSelection"/>. Takes the place of service discovery's handler in the pipeline, inside the
/// resilience handler, so that each retry chooses again.
/// </summary>
internal sealed class ReplicaSelectingHandler(ServiceEndpointResolver resolver, ReplicaSelection selection) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri ?? throw new InvalidOperationException("A call needs an address.");
        var replicas = await resolver.GetEndpointsAsync(original.GetLeftPart(UriPartial.Authority), cancellationToken);
        if (replicas.Endpoints.Count == 0)
        {
            throw new InvalidOperationException($"Service discovery names no replica of '{original.Authority}'.");
        }

        var replica = selection.Pick(replicas.Endpoints);
        request.RequestUri = AddressOf(original, replica.EndPoint);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            selection.Refused(replica);
            throw;
        }
        finally
        {
            // A retry starts from the service's name, and chooses again.
            request.RequestUri = original;
        }
    }

    private static Uri AddressOf(Uri original, EndPoint endPoint)
    {
        var address = new UriBuilder(original);
        switch (endPoint)
        {
            case UriEndPoint { Uri: var uri }:
                address.Scheme = uri.Scheme;
                address.Host = uri.Host;
                address.Port = uri.Port;
                break;
            case DnsEndPoint dns:
                address.Host = dns.Host;
                address.Port = dns.Port > 0 ? dns.Port : original.Port;
                break;
            case IPEndPoint ip:
                address.Host = ip.Address.ToString();
                address.Port = ip.Port;
                break;
            default:
                throw new InvalidOperationException($"Service discovery named a replica that is not an address: {endPoint}.");
        }

        return address.Uri;
    }
}
