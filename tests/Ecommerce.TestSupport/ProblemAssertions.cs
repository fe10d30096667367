using System.Net;
using System.Text.Json;
using Xunit;

namespace Ecommerce.TestSupport;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 answer with the fields docs/api.md promises, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()));
        Assert.True(problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()), $"No detail in {body}");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> name exactly <paramref name="fields"/>, one entry each.</summary>
    public static async Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var named = problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal);
        Assert.Equal(fields.Order(StringComparer.Ordinal), named);
        return problem;
    }
}
