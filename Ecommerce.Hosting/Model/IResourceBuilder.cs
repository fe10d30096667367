namespace Ecommerce.Hosting.Model;

/// <summary>A resource being declared, and the application it belongs to: what the <c>Add*</c>/<c>With*</c> calls chain on.</summary>
public interface IResourceBuilder<out T> where T : Resource
{
    T Resource { get; }

    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed record ResourceBuilder<T>(T Resource, DistributedApplicationBuilder ApplicationBuilder) : IResourceBuilder<T> where T : Resource;
