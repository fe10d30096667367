namespace Ecommerce.ServiceDefaults;

/// <summary>Tags that decide which probe a health check answers.</summary>
public static class HealthTags
{
    /// <summary>Checked by /alive: the process itself.</summary>
    public const string Live = "live";

    /// <summary>Checked by /health with every other check: the dependencies a request needs.</summary>
    public const string Ready = "ready";
}
