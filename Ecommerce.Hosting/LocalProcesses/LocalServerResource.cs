using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// A server that the app model declares as Aspire's container resource (<see cref="Container"/>), run by DCP as a
/// process of this machine instead, under the same name, when no container runtime answers. The container resource
/// redirects its connection string here, so everything that references it is unchanged.
/// </summary>
public abstract class LocalServerResource : ExecutableResource, IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    private protected LocalServerResource(ContainerResource container, string command)
        : base(container.Name, command, workingDirectory: Path.GetTempPath())
    {
        Container = container;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The container resource of the app model that this process stands in for.</summary>
    public ContainerResource Container { get; }

    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The loopback port the server listens on: the container's host port, or one DCP allocated.</summary>
    public int Port => PrimaryEndpoint.Port;

    /// <summary>Where the server keeps its data: the container's data volume as a folder, or a folder of this run only.</summary>
    public string DataDirectory { get; private set; } = "";

    /// <summary>True when <see cref="DataDirectory"/> outlives the run (the container had a data volume or bind mount).</summary>
    public bool KeepsData { get; private set; }

    public abstract ReferenceExpression ConnectionStringExpression { get; }

    /// <summary>The Debian package that provides the server, and whether its binaries are installed.</summary>
    internal abstract string Package { get; }

    internal abstract bool IsInstalled();

    /// <summary>The command DCP runs, known once the binaries are (the AppHost may have just installed them).</summary>
    internal abstract string FindCommand();

    internal void TakePlaceOfContainer(string dataDirectory, bool keepsData)
    {
        DataDirectory = dataDirectory;
        KeepsData = keepsData;

        // Not proxied: the server listens on the port clients use, so a connection is refused rather than held
        // open by a proxy while the server is down. Without a host port of the container's, DCP allocates one.
        var containerEndpoint = Container.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == PrimaryEndpointName);
        Annotations.Add(new EndpointAnnotation(ProtocolType.Tcp, uriScheme: "tcp", name: PrimaryEndpointName,
            port: containerEndpoint.Port, targetPort: containerEndpoint.Port, isProxied: false));
        Annotations.Add(new ExecutableAnnotation { Command = FindCommand(), WorkingDirectory = dataDirectory });

        // Child resources (a server's databases) also run their parent's health checks: the container's would wait
        // for a container that never starts, so they become this process's.
        foreach (var healthCheck in Container.Annotations.OfType<HealthCheckAnnotation>().ToList())
        {
            Container.Annotations.Remove(healthCheck);
        }

        foreach (var healthCheck in Annotations.OfType<HealthCheckAnnotation>())
        {
            Container.Annotations.Add(healthCheck);
        }
    }

    /// <summary>
    /// What still names the container's own endpoint (its host and port as connection properties, its URL in the
    /// dashboard) finds this server there too, once DCP has given it its port.
    /// </summary>
    internal void ShareAllocatedEndpoint()
    {
        var containerEndpoint = Container.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == PrimaryEndpointName);
        containerEndpoint.AllocatedEndpoint = new AllocatedEndpoint(containerEndpoint, "localhost", Port);
    }
}
