namespace Ecommerce.Hosting;

/// <summary>How a run differs from the declared model: a test run takes free ports and a throwaway data folder.</summary>
public sealed record AppHostOptions
{
    /// <summary>Ignore the ports the model declares and take free ones.</summary>
    public bool RandomizePorts { get; init; }

    /// <summary>Where resources keep their data; the AppHost's own <c>.data</c> folder when null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Whether to write resources' output to the console (the testing entry keeps it only in memory).</summary>
    public bool WriteConsole { get; init; } = true;
}
