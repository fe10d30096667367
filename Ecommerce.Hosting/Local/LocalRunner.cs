using System.Collections.Concurrent;
using System.Diagnostics;
using Ecommerce.Hosting.Model;

namespace Ecommerce.Hosting.Local;

/// <summary>
/// Runs the app model on this machine: PostgreSQL and Redis from local binaries, each project as a process
/// given exactly Aspire's variables, the gateway in this process. Independent resources start in parallel;
/// a resource starts once what it waits for is healthy. Stopping goes in reverse order of starting.
/// </summary>
internal sealed class LocalRunner : IAsyncDisposable
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(2);

    private readonly ApplicationModel _model;
    private readonly AppHostOptions _options;
    private readonly Dictionary<Resource, Task> _started = [];
    private readonly Stack<(string Name, Func<ValueTask> Stop)> _stops = new();
    private readonly Lock _stopsLock = new();
    private readonly Dictionary<EndpointKey, List<int>> _ports = [];
    private readonly Dictionary<ParameterResource, string> _secrets = [];
    private readonly List<LocalServer> _servers = [];

    // Resources start in parallel tasks, which fill these as they go.
    private readonly ConcurrentDictionary<PostgresServerResource, PostgresServer> _postgres = new();
    private readonly ConcurrentDictionary<ProjectResource, List<ManagedProcess>> _processes = new();
    private readonly ConcurrentDictionary<(ProjectResource, int), IReadOnlyDictionary<string, string>> _environments = new();
    private ContainerRuntime? _containers;
    private string _dataRoot = null!;
    private string _scratch = null!;

    public LocalRunner(ApplicationModel model, AppHostOptions options)
    {
        _model = model;
        _options = options;
        Logs = new ResourceLogs(options.WriteConsole);
    }

    public ResourceLogs Logs { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _dataRoot = Path.GetFullPath(_options.DataDirectory ?? Path.Combine(AppHostDirectory(), ".data"));
        // Scratch space for resources without a data volume, removed on stop.
        _scratch = ServerFolders.CreateTemporary("ecommerce-apphost-");
        _containers = await ContainerRuntime.DetectAsync();
        if (_containers is null)
        {
            await Prerequisites.EnsureAsync(_model, Progress, cancellationToken);
        }
        else
        {
            Progress($"running PostgreSQL and Redis as {_containers.Command} containers");
            await ManagedProcess.RunToCompletionAsync("container cleanup", _containers.RemoveLeftovers(), mustSucceed: false, cancellationToken: cancellationToken);
        }

        ResolveSecrets();
        AllocatePorts();

        foreach (var resource in _model.Resources)
        {
            _ = EnsureStarted(resource, cancellationToken);
        }

        await Task.WhenAll(_started.Values);
        WriteSummary();
    }

    /// <summary>The URLs of a resource's endpoint, one per replica.</summary>
    public IReadOnlyList<Uri> Urls(Resource resource, string endpoint = "http") =>
        _ports[new EndpointKey(resource, endpoint)].Select(port => new Uri($"http://localhost:{port}")).ToList();

    public IReadOnlyDictionary<string, string> EnvironmentOf(ProjectResource project, int replica = 0) => _environments[(project, replica)];

    /// <summary>Every process this run started, for checking that none outlives it.</summary>
    public IReadOnlyList<int> ProcessIds() =>
        _processes.Values.SelectMany(list => list).Select(p => p.Id)
            .Concat(_servers.Select(s => s.Process?.Id ?? 0).Where(id => id > 0))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        // Whatever started (fully or not) is stopped, the last started first.
        await Task.WhenAll(_started.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        while (true)
        {
            (string Name, Func<ValueTask> Stop) next;
            lock (_stopsLock)
            {
                if (!_stops.TryPop(out next))
                {
                    break;
                }
            }

            try
            {
                await next.Stop();
            }
            catch (Exception ex)
            {
                Progress($"{next.Name} did not stop cleanly: {ex.Message}");
            }
        }

        if (_scratch is not null && Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private Task EnsureStarted(Resource resource, CancellationToken cancellationToken)
    {
        if (!_started.TryGetValue(resource, out var task))
        {
            task = StartAfterDependenciesAsync(resource, cancellationToken);
            _started[resource] = task;
        }

        return task;
    }

    private async Task StartAfterDependenciesAsync(Resource resource, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Dependencies(resource).Select(d => EnsureStarted(d, cancellationToken)));
        cancellationToken.ThrowIfCancellationRequested();
        switch (resource)
        {
            case PostgresServerResource postgres:
                await StartPostgresAsync(postgres, cancellationToken);
                break;
            case PostgresDatabaseResource database:
                await _postgres[database.Parent].EnsureDatabaseAsync(database.DatabaseName, cancellationToken);
                Progress($"{database.Name}: database created on {database.Parent.Name}");
                break;
            case RedisResource redis:
                await StartRedisAsync(redis, cancellationToken);
                break;
            case ProjectResource project:
                await StartProjectAsync(project, cancellationToken);
                break;
            case GatewayResource gateway:
                var destinations = gateway.Routes.Select(r => r.Target).Distinct().ToDictionary(p => p, p => Urls(p));
                var proxy = await YarpGateway.StartAsync(gateway, Port(gateway, "http"), destinations, Logs);
                Stopping(gateway.Name, () => proxy.DisposeAsync());
                break;
        }
    }

    /// <summary>What must be healthy first: what it waits for, the databases and caches it uses, a database's server.</summary>
    private static IEnumerable<Resource> Dependencies(Resource resource)
    {
        var waits = resource.AnnotationsOf<WaitAnnotation>().Select(w => w.Target);
        var connections = resource.AnnotationsOf<ReferenceAnnotation>().Select(r => r.Target).Where(t => t is IResourceWithConnectionString);
        var parent = resource is PostgresDatabaseResource database ? [database.Parent] : Array.Empty<Resource>();
        return waits.Concat(connections).Concat(parent).Distinct();
    }

    private async Task StartPostgresAsync(PostgresServerResource postgres, CancellationToken cancellationToken)
    {
        Progress($"{postgres.Name}: starting PostgreSQL");
        var (volume, dataDirectory) = Storage(postgres);
        var server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            Container = _containers,
            ContainerVolume = volume,
            DataDirectory = dataDirectory,
            Port = Port(postgres, "tcp"),
            Password = _secrets[postgres.Password],
            Ephemeral = volume is null,
            OnOutput = line => Logs.Write(postgres.Name, line),
        }, cancellationToken: cancellationToken);
        _postgres[postgres] = server;
        Started(postgres, server);
    }

    private async Task StartRedisAsync(RedisResource redis, CancellationToken cancellationToken)
    {
        Progress($"{redis.Name}: starting Redis");
        var (volume, dataDirectory) = Storage(redis);
        var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            Container = _containers,
            ContainerVolume = volume,
            DataDirectory = dataDirectory,
            Port = Port(redis, "tcp"),
            Password = _secrets[redis.Password],
            Persistent = volume is not null,
            OnOutput = line => Logs.Write(redis.Name, line),
        }, cancellationToken: cancellationToken);
        Started(redis, server);
    }

    /// <summary>A server with a data volume keeps its data in the AppHost's data folder; one without, in scratch space.</summary>
    private (string? Volume, string DataDirectory) Storage(Resource server)
    {
        var volume = server.AnnotationsOf<DataVolumeAnnotation>().LastOrDefault()?.Name;
        return (volume, volume is null ? Path.Combine(_scratch, server.Name) : Path.Combine(_dataRoot, volume));
    }

    private void Started(Resource resource, LocalServer server)
    {
        lock (_stopsLock)
        {
            _servers.Add(server);
        }

        Stopping(resource.Name, () => server.DisposeAsync());
    }

    private async Task StartProjectAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        Progress($"{project.Name}: starting {project.Replicas} replica(s)");
        var assembly = ProjectBinaries.FindAssembly(project.Project.ProjectPath);
        var urls = Urls(project);
        var processes = new List<ManagedProcess>();
        _processes[project] = processes;
        for (var replica = 0; replica < project.Replicas; replica++)
        {
            var environment = Environment(project, replica, urls[replica]);
            _environments[(project, replica)] = environment;
            var startInfo = new ProcessStartInfo(ProjectBinaries.DotnetHost())
            {
                ArgumentList = { assembly },
                WorkingDirectory = Path.GetDirectoryName(project.Project.ProjectPath),
            };
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }

            var displayName = project.Replicas == 1 ? project.Name : $"{project.Name}-{replica}";
            var process = ManagedProcess.Start(displayName, startInfo, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
                runAsUser: null, onOutput: line => Logs.Write(displayName, line));
            processes.Add(process);
            Stopping(displayName, () => new ValueTask(process.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(10))));
        }

        await Task.WhenAll(processes.Select((process, i) => WaitUntilHealthyAsync(project, process, urls[i], cancellationToken)));
        Progress($"{project.Name}: healthy at {string.Join(", ", urls)}");
    }

    /// <summary>Exactly what an Aspire AppHost gives a project, and nothing that only this host would know.</summary>
    private Dictionary<string, string> Environment(ProjectResource project, int replica, Uri url)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={project.Name}-{replica}",
        };
        foreach (var target in project.AnnotationsOf<ReferenceAnnotation>().Select(r => r.Target))
        {
            switch (target)
            {
                case ProjectResource service:
                    var serviceUrls = Urls(service);
                    for (var i = 0; i < serviceUrls.Count; i++)
                    {
                        environment[$"services__{service.Name}__http__{i}"] = serviceUrls[i].ToString().TrimEnd('/');
                    }

                    break;
                case IResourceWithConnectionString:
                    environment[$"ConnectionStrings__{target.Name}"] = ConnectionString(target);
                    break;
            }
        }

        foreach (var variable in project.AnnotationsOf<EnvironmentAnnotation>())
        {
            environment[variable.Name] = variable.Value;
        }

        return environment;
    }

    /// <summary>Connection strings in the forms Aspire writes them.</summary>
    private string ConnectionString(Resource resource) => resource switch
    {
        PostgresServerResource server =>
            $"Host=localhost;Port={Port(server, "tcp")};Username={PostgresServerResource.UserName};Password={_secrets[server.Password]}",
        PostgresDatabaseResource database => $"{ConnectionString(database.Parent)};Database={database.DatabaseName}",
        RedisResource redis => $"localhost:{Port(redis, "tcp")},password={_secrets[redis.Password]}",
        _ => throw new InvalidOperationException($"'{resource.Name}' has no connection string."),
    };

    private static async Task WaitUntilHealthyAsync(ProjectResource project, ManagedProcess process, Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < HealthTimeout)
        {
            if (process.HasExited)
            {
                // Waiting for the exit also drains the output, so the message below shows the last lines.
                await process.WaitForExitAsync(CancellationToken.None);
                throw new HostingException(
                    $"{project.Name} exited with code {process.ExitCode} while starting. Its last output:{System.Environment.NewLine}{process.RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new HostingException($"{project.Name} did not report healthy at {url}health within {HealthTimeout.TotalSeconds} s. Its last output:{System.Environment.NewLine}{process.RecentOutput()}");
    }

    private void ResolveSecrets()
    {
        foreach (var parameter in _model.Resources.OfType<ParameterResource>())
        {
            // A server that keeps its data keeps its password: the data was initialised with it.
            var persistent = _model.Resources.Any(r => r.AnnotationsOf<DataVolumeAnnotation>().Any() && r switch
            {
                PostgresServerResource postgres => postgres.Password == parameter,
                RedisResource redis => redis.Password == parameter,
                _ => false,
            });
            _secrets[parameter] = Secrets.Resolve(parameter, persistent ? Path.Combine(_dataRoot, "secrets") : null);
        }
    }

    /// <summary>Declared ports unless told to randomise; a busy declared port is an error that says which.</summary>
    private void AllocatePorts()
    {
        foreach (var resource in _model.Resources)
        {
            var replicas = resource is ProjectResource project ? project.Replicas : 1;
            foreach (var endpoint in resource.AnnotationsOf<EndpointAnnotation>())
            {
                var ports = new List<int>();
                for (var replica = 0; replica < replicas; replica++)
                {
                    if (replica == 0 && endpoint.Port is { } declared && !_options.RandomizePorts)
                    {
                        if (FreePort.IsInUse(declared))
                        {
                            throw new HostingException(
                                $"Port {declared} ({resource.Name}) is already in use. Stop what listens there (ss -ltnp 'sport = :{declared}' shows it), " +
                                "or change the port in Ecommerce.AppHost/Program.cs.");
                        }

                        ports.Add(declared);
                    }
                    else
                    {
                        ports.Add(FreePort.Next());
                    }
                }

                _ports[new EndpointKey(resource, endpoint.Name)] = ports;
            }
        }
    }

    private int Port(Resource resource, string endpoint) => _ports[new EndpointKey(resource, endpoint)][0];

    private void Stopping(string name, Func<ValueTask> stop)
    {
        lock (_stopsLock)
        {
            _stops.Push((name, stop));
        }
    }

    private void WriteSummary()
    {
        if (!_options.WriteConsole)
        {
            return;
        }

        var rows = _model.Resources.Where(r => r is not ParameterResource).Select(r => (r.Name, Kind: Kind(r), Url: SummaryUrl(r))).ToList();
        Console.Out.WriteLine();
        Console.Out.WriteLine("The platform is running. Ctrl+C stops it.");
        Console.Out.WriteLine();
        Console.Out.WriteLine($"  {"resource",-12} {"kind",-10} {"state",-8} url");
        foreach (var (name, kind, url) in rows)
        {
            Console.Out.WriteLine($"  {name,-12} {kind,-10} {"running",-8} {url}");
        }

        Console.Out.WriteLine();
    }

    private static string Kind(Resource resource) => resource switch
    {
        PostgresServerResource => "postgres",
        PostgresDatabaseResource => "database",
        RedisResource => "redis",
        ProjectResource => "project",
        GatewayResource => "gateway",
        _ => resource.GetType().Name,
    };

    private string SummaryUrl(Resource resource) => resource switch
    {
        PostgresDatabaseResource database => $"{database.DatabaseName} on {database.Parent.Name}",
        PostgresServerResource or RedisResource => $"tcp://localhost:{Port(resource, "tcp")}",
        _ when resource.AnnotationsOf<EndpointAnnotation>().Any(e => e.Name == "http") => string.Join(" ", Urls(resource)),
        _ => "",
    };

    private void Progress(string message)
    {
        if (_options.WriteConsole)
        {
            Console.Out.WriteLine($"apphost     | {message}");
        }
    }

    private static string AppHostDirectory() =>
        System.Reflection.Assembly.GetEntryAssembly()?.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value
        ?? Directory.GetCurrentDirectory();

    private readonly record struct EndpointKey(Resource Resource, string Endpoint);
}
