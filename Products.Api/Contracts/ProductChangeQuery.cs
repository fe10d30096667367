using Ecommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace Products.Api.Contracts;

/// <summary>The paging of GET /products/{id}/changes, bound as text so that a bad value is reported per field.</summary>
public sealed record ProductChangeQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "after")] string? After) : IValidatableQuery<PageRequest>
{
    public PageRequest Validate(ValidationErrors errors) => PageRequest.Parse(Limit, After, errors);
}
