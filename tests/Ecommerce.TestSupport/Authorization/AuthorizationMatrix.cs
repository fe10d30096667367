using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport.Robustness;
using Xunit;

namespace Ecommerce.TestSupport.Authorization;

/// <summary>One request of the matrix for an operation: a body (changed from the valid one) or a query, and who may send it.</summary>
public sealed record MatrixCase(string Label, Access Access, Func<JsonObject, Arranged, JsonObject>? Body = null, string? Query = null)
{
    public static MatrixCase Valid(Access access) => new("a valid request", access);
}

/// <summary>
/// What one request needs, made for it and owned by <see cref="Callers.CustomerId"/>: a value for each path parameter
/// (and other ids a case may put in its body), and a valid body: JSON, or <see cref="Raw"/> bytes (a picture).
/// </summary>
public sealed record Arranged(IReadOnlyDictionary<string, string> Values, JsonObject? Body = null, RawBody? Raw = null);

/// <summary>A body that is not JSON, sent as it is with its Content-Type.</summary>
public sealed record RawBody(byte[] Content, string ContentType);

/// <summary>A service under the matrix: its audience, its rules (docs/api.md's "who may call what"), and how to arrange a request.</summary>
public sealed class AuthorizationTarget
{
    /// <summary>A client without a token; the matrix adds each caller's.</summary>
    public required HttpClient Client { get; init; }

    /// <summary>The <c>aud</c> the service takes.</summary>
    public required string Audience { get; init; }

    public required Callers Callers { get; init; }

    /// <summary>Every operation of the OpenAPI document, as "METHOD /path", with its cases.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<MatrixCase>> Rules { get; init; }

    /// <summary>Fresh resources for one request of an operation (a product, a cart, an order of the customer's).</summary>
    public required Func<Operation, Task<Arranged>> Arrange { get; init; }

    /// <summary>A digest of everything the service (and what it calls) stores: a refused request leaves it as it was.</summary>
    public required Func<Task<string>> Fingerprint { get; init; }
}

/// <summary>
/// For every operation of a service's own OpenAPI document and every caller, sends a request that is valid but for who
/// sends it and checks the answer against the rules: 2xx for a caller they allow; otherwise 401 (with
/// <c>WWW-Authenticate: Bearer</c>, and <c>error="invalid_token"</c> when a token was sent), 403 or 404, each a problem
/// with a detail, and nothing stored changed. An operation without a rule, or a rule for an operation the document does
/// not have, fails the matrix; so does an operation whose declared security disagrees with its rule.
/// </summary>
public static class AuthorizationMatrix
{
    /// <summary>Sends the matrix and returns its size (requests sent); fails with every wrong answer listed.</summary>
    public static async Task<int> RunAsync(AuthorizationTarget target)
    {
        var document = await OpenApiOperations.LoadAsync(target.Client);
        var operations = document.Operations.ToDictionary(o => o.ToString());
        var failures = new List<string>();
        failures.AddRange(operations.Keys.Except(target.Rules.Keys).Select(o => $"{o}: no rule says who may call it"));
        failures.AddRange(target.Rules.Keys.Except(operations.Keys).Select(o => $"{o}: a rule for an operation the document does not have"));
        foreach (var (name, cases) in target.Rules.Where(r => operations.ContainsKey(r.Key)))
        {
            var anyone = cases.All(c => c.Access.Permits is null);
            if (anyone == operations[name].Secured)
            {
                failures.Add($"{name}: the document declares it {(anyone ? "secured" : "open to anyone")}, the rule {cases[0].Access}");
            }
        }

        var sent = 0;
        foreach (var (name, cases) in target.Rules.Where(r => operations.ContainsKey(r.Key)))
        {
            var operation = operations[name];
            foreach (var matrixCase in cases)
            {
                foreach (var caller in target.Callers.All)
                {
                    sent++;
                    var expected = matrixCase.Access.For(caller, target.Audience);
                    var failure = await SendAsync(target, operation, matrixCase, caller, expected);
                    if (failure is not null)
                    {
                        failures.Add($"{name} ({matrixCase.Label}) by {caller}, expected {Describe(expected)}: {failure}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} wrong answers of {sent} requests:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(60))}");
        return sent;
    }

    private static async Task<string?> SendAsync(AuthorizationTarget target, Operation operation, MatrixCase matrixCase, TestCaller caller, Outcome expected)
    {
        var arranged = await target.Arrange(operation);
        var path = arranged.Values.Aggregate(operation.Path, (p, value) => p.Replace($"{{{value.Key}}}", value.Value, StringComparison.Ordinal));
        if (matrixCase.Query is not null)
        {
            path += $"?{matrixCase.Query}";
        }

        var body = matrixCase.Body is null ? arranged.Body : matrixCase.Body(arranged.Body?.DeepClone().AsObject() ?? [], arranged);
        var before = expected == Outcome.Allowed ? null : await DataFingerprint.SettledAsync(target.Fingerprint);
        using var request = RobustnessProbe.Request(operation.Method, path, body?.ToJsonString());
        if (arranged.Raw is { } raw)
        {
            request.Content = new ByteArrayContent(raw.Content) { Headers = { ContentType = new(raw.ContentType) } };
        }

        if (caller.Token is not null)
        {
            request.Headers.Authorization = new("Bearer", caller.Token);
        }

        using var response = await target.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var failure = expected switch
        {
            Outcome.Allowed => status is >= 200 and < 300 ? null : $"{status} {RobustnessProbe.Shorten(text)}",
            Outcome.Unauthenticated => Refusal(response, text, HttpStatusCode.Unauthorized) ?? Challenge(response, caller),
            Outcome.Forbidden => Refusal(response, text, HttpStatusCode.Forbidden),
            _ => Refusal(response, text, HttpStatusCode.NotFound),
        };
        if (failure is null && before is not null && before != await DataFingerprint.SettledAsync(target.Fingerprint))
        {
            failure = "was refused but changed the stored data";
        }

        return failure;
    }

    private static string? Refusal(HttpResponseMessage response, string text, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            return $"{(int)response.StatusCode} {RobustnessProbe.Shorten(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{(int)status} without a problem body: {response.Content.Headers.ContentType} {RobustnessProbe.Shorten(text)}";
        }

        var problem = JsonDocument.Parse(text).RootElement;
        return problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()) &&
               problem.TryGetProperty("trace_id", out var traceId) && !string.IsNullOrWhiteSpace(traceId.GetString())
            ? null
            : $"{(int)status} without a detail or a trace_id: {RobustnessProbe.Shorten(text)}";
    }

    private static string? Challenge(HttpResponseMessage response, TestCaller caller)
    {
        var challenge = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        if (!challenge.StartsWith("Bearer", StringComparison.Ordinal))
        {
            return $"401 without WWW-Authenticate: Bearer ({challenge})";
        }

        return caller.Token is not null && !challenge.Contains("error=\"invalid_token\"", StringComparison.Ordinal)
            ? $"401 for a token without error=\"invalid_token\" ({challenge})"
            : null;
    }

    private static string Describe(Outcome outcome) => outcome switch
    {
        Outcome.Allowed => "2xx",
        Outcome.Unauthenticated => "401",
        Outcome.Forbidden => "403",
        _ => "404",
    };
}
