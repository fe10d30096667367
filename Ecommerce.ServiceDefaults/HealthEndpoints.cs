namespace Ecommerce.ServiceDefaults;

/// <summary>The probes every process answers, and the tag that decides which probe a health check answers.</summary>
public static class HealthEndpoints
{
    /// <summary>Ready: the process and every dependency a request needs (all health checks).</summary>
    public const string Health = "/health";

    /// <summary>Alive: the process itself (the checks tagged <see cref="LiveTag"/>).</summary>
    public const string Alive = "/alive";

    public const string LiveTag = "live";
}
