namespace Ecommerce.Hosting;

/// <summary>A failure to start or run a resource, with a message that says what to do about it.</summary>
public sealed class HostingException : Exception
{
    public HostingException(string message) : base(message)
    {
    }

    public HostingException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
