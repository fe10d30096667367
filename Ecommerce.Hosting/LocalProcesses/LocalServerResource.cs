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

    /// <summary>The loopback port the server listens on; chosen when the process takes the container's place.</summary>
    public int Port { get; private set; }

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

    internal void TakePlaceOfContainer(int port, string dataDirectory, bool keepsData)
    {
        Port = port;
        DataDirectory = dataDirectory;
        KeepsData = keepsData;

        // Not proxied: the server listens on the port clients use, so a connection is refused rather than held
        // open by a proxy while the server is down.
        Annotations.Add(new EndpointAnnotation(ProtocolType.Tcp, uriScheme: "tcp", name: PrimaryEndpointName,
            port: port, targetPort: port, isProxied: false));
        Annotations.Add(new ExecutableAnnotation { Command = FindCommand(), WorkingDirectory = dataDirectory });

        // What still names the container's own endpoint (its host and port as connection properties, its URL in the
        // dashboard) finds this server there too.
        if (Container.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == PrimaryEndpointName) is { } containerEndpoint)
        {
            containerEndpoint.AllocatedEndpoint = new AllocatedEndpoint(containerEndpoint, "localhost", port);
        }

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
}
