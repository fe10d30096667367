namespace Ecommerce.Hosting.Model;

/// <summary>Anything the app model declares: a server, a database, a project, a gateway, a parameter.</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = ResourceNames.Validate(name);

    public List<object> Annotations { get; } = [];

    public IEnumerable<T> AnnotationsOf<T>() => Annotations.OfType<T>();

    public override string ToString() => Name;
}

/// <summary>A resource others reach through a connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }
}

/// <summary>A resource that listens on endpoints.</summary>
public interface IResourceWithEndpoints
{
    string Name { get; }

    IEnumerable<EndpointAnnotation> Endpoints { get; }
}

/// <summary>A resource that can be given environment variables and references.</summary>
public interface IResourceWithEnvironment
{
    string Name { get; }
}

internal static class ResourceNames
{
    public static string Validate(string name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && char.IsAsciiLetterLower(name[0]) &&
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? name
            : throw new ArgumentException($"'{name}' is not a resource name: lowercase letters, digits and '-', starting with a letter.", nameof(name));
}
