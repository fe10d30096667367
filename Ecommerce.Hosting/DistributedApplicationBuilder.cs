using Ecommerce.Hosting.Model;
using Microsoft.Extensions.Configuration;

namespace Ecommerce.Hosting;

/// <summary>Collects the app model: the resources and how they refer to each other. It runs nothing itself.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(string[] args, AppHostOptions options)
    {
        Args = args;
        Options = options;
        Configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
    }

    public string[] Args { get; }

    public IConfiguration Configuration { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>How this run of the AppHost was asked to run (ports, data folder), e.g. by the testing entry.</summary>
    internal AppHostOptions Options { get; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build() => new(new ApplicationModel(_resources), Options);
}

/// <summary>The finished model, as the runner and the publishers read it.</summary>
public sealed class ApplicationModel(IReadOnlyList<Resource> resources)
{
    public IReadOnlyList<Resource> Resources { get; } = resources;

    public T Get<T>(string name) where T : Resource =>
        Resources.OfType<T>().SingleOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No {typeof(T).Name} named '{name}'.");
}
