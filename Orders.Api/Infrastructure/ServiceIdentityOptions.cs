namespace Orders.Api.Infrastructure;

/// <summary>Orders.Api's own client at Identity.Api (section <c>ServiceIdentity</c>): its token for the inventory.</summary>
public sealed class ServiceIdentityOptions
{
    public const string Section = "ServiceIdentity";

    public string ClientId { get; set; } = "orders-service";

    public string? ClientSecret { get; set; }

    public string Scope { get; set; } = "inventory";

    /// <summary>Identity.Api's token endpoint; through service discovery unless set.</summary>
    public Uri TokenEndpoint { get; set; } = new("http://identity/connect/token");
}
