using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Ecommerce.TestSupport.Robustness;

/// <summary>What the probe needs to know of a running service beyond its OpenAPI document.</summary>
public sealed class RobustnessTarget
{
    public required HttpClient Client { get; init; }

    /// <summary>A digest of everything the service stores: equal before and after a refused request.</summary>
    public required Func<Task<string>> Fingerprint { get; init; }

    /// <summary>An existing resource's id for a path parameter of an operation, so that only the body is wrong.</summary>
    public required Func<Operation, string, string> PathValue { get; init; }

    /// <summary>A valid value for a body property, by name, where the schema alone cannot make one (an existing product).</summary>
    public Func<string, JsonNode?> PropertyValue { get; init; } = _ => null;

    /// <summary>A whole valid body for an operation, where no combination of property values is one (either/or bodies).</summary>
    public Func<Operation, JsonObject?> ValidBody { get; init; } = _ => null;
}

/// <summary>
/// Reads a service's own OpenAPI document and, for every operation, sends requests that break one thing each: every
/// property of the body (<see cref="BodyMutations"/>), every path and query parameter, the content type, and every
/// method the path does not allow. Every answer must be a 4xx problem (<c>type</c>, <c>title</c>, <c>status</c>,
/// <c>detail</c>, <c>trace_id</c>; a 400 naming the property) or, where the schema allows the change, at least not a
/// 5xx; none may take longer than two seconds, and a refused request must leave the stored data as it was.
/// </summary>
public static class RobustnessProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private static readonly string?[] WrongContentTypes =
        ["text/plain", "application/xml", "application/jsonx", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", null];

    private static readonly string[] BadPathValues = ["not-a-uuid", new('x', 10_000), "%ED%A0%80", "-1", "1e308", "0193a1b2-0000-7000-8000-00000000000", "%00"];

    private static readonly string[] BadQueryValues = ["abc", "-1", "-0", "1e308", "1.005", "", new('q', 10_000), "%00", "%ED%A0%80"];

    /// <summary>Sends every request and returns how many; fails with every broken answer listed.</summary>
    public static async Task<int> RunAsync(RobustnessTarget target)
    {
        var document = await OpenApiOperations.LoadAsync(target.Client);
        Assert.NotEmpty(document.Operations);
        var mutations = new BodyMutations(document, target.PropertyValue);
        var failures = new List<string>();
        var sent = 0;
        await DataFingerprint.SettledAsync(target.Fingerprint);

        async Task SendAsync(Operation operation, string label, Func<HttpRequestMessage> request, Expectation expectation,
            Action<JsonElement, int>? check = null, JsonObject? ignored = null)
        {
            sent++;
            var before = expectation == Expectation.Tolerated ? null : await target.Fingerprint();
            var failure = await AnswerFailureAsync(target.Client, request(), expectation, check, ignored);
            if (failure is null && before is not null && before != await target.Fingerprint())
            {
                failure = "was refused but changed the stored data";
            }

            if (failure is not null)
            {
                failures.Add($"{operation} with {label}: {failure}");
            }

            if (expectation == Expectation.Tolerated)
            {
                // An accepted request may finish its work in the background (Orders.Api confirms reservations in
                // batches); the next request is judged by what it changes, not by what this one still does.
                await DataFingerprint.SettledAsync(target.Fingerprint);
            }
        }

        foreach (var operation in document.Operations)
        {
            var path = Concrete(operation, target);
            var valid = operation.BodySchema is { } schema ? target.ValidBody(operation) ?? mutations.ValidObject(schema) : null;
            if (valid is not null)
            {
                foreach (var mutation in mutations.For(operation.BodySchema!, valid))
                {
                    await SendAsync(operation, $"{mutation.Field} {mutation.Label}", () => Request(operation.Method, path, mutation.Json), mutation.Expectation,
                        (problem, status) => CheckFieldNamed(problem, status, mutation), mutation.Ignored);
                }

                foreach (var contentType in WrongContentTypes)
                {
                    await SendAsync(operation, $"Content-Type {contentType ?? "(none)"}", () => Request(operation.Method, path, valid.ToJsonString(), contentType), Expectation.Refused);
                }
            }

            foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
            {
                foreach (var value in BadPathValues)
                {
                    var bad = Concrete(operation, target, (parameter.Name, value));
                    await SendAsync(operation, $"{parameter.Name} = {Shorten(value)}", () => Request(operation.Method, bad, valid?.ToJsonString()),
                        value == "%00" ? Expectation.RefusedByServer : Expectation.Refused);
                }
            }

            foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
            {
                foreach (var value in BadQueryValues)
                {
                    var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
                    await SendAsync(operation, $"?{parameter.Name}={Shorten(value)}", () => Request(operation.Method, $"{path}{separator}{parameter.Name}={value}", null), Expectation.Tolerated);
                }
            }
        }

        foreach (var (path, allowed) in document.AllowedMethods)
        {
            var concrete = document.Operations.First(o => o.Path == path);
            var url = Concrete(concrete, target);
            foreach (var method in AllMethods.Where(m => !allowed.Contains(m)))
            {
                await SendAsync(concrete with { Method = method }, "a method the path does not allow", () => Request(method, url, "{}"), Expectation.Refused,
                    (_, status) => Assert.Equal(405, status));
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests were answered wrongly:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(40))}");
        return sent;
    }

    /// <summary>The operation's path with each parameter the target's existing id, or <paramref name="bad"/>'s value for that one.</summary>
    private static string Concrete(Operation operation, RobustnessTarget target, (string Name, string Value)? bad = null) =>
        operation.Parameters.Where(p => p.In == "path").Aggregate(operation.Path, (path, p) => path.Replace(
            $"{{{p.Name}}}", p.Name == bad?.Name ? bad.Value.Value : target.PathValue(operation, p.Name), StringComparison.Ordinal));

    internal static HttpRequestMessage Request(string method, string url, string? json, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    /// <summary>Null when the answer keeps the contract for this expectation, otherwise what is wrong with it.</summary>
    private static async Task<string?> AnswerFailureAsync(
        HttpClient client, HttpRequestMessage request, Expectation expectation, Action<JsonElement, int>? check, JsonObject? ignored)
    {
        using var timeout = new CancellationTokenSource(Patience);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await client.SendAsync(request, timeout.Token);
            body = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"no answer within {Patience.TotalSeconds} s";
        }

        var status = (int)response.StatusCode;
        if (expectation == Expectation.RefusedByServer)
        {
            return status == 400 ? null : $"{status} instead of the server's own 400: {Shorten(body)}";
        }

        if (status >= 500)
        {
            return $"{status}: {Shorten(body)}";
        }

        if (status < 400)
        {
            return expectation == Expectation.Refused ? $"{status} instead of a refusal: {Shorten(body)}" : Echoed(body, ignored);
        }

        try
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(status, problem.GetProperty("status").GetInt32());
            foreach (var member in new[] { "type", "title", "detail", "trace_id" })
            {
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty(member).GetString()), $"no {member}");
            }

            if (expectation == Expectation.Refused)
            {
                check?.Invoke(problem, status);
            }

            return null;
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"{status} is not a full problem ({ex.Message.ReplaceLineEndings(" ")}): {Shorten(body)}";
        }
    }

    /// <summary>Read-only properties never take effect: an accepted body's answer does not carry the values sent for them.</summary>
    private static string? Echoed(string body, JsonObject? ignored)
    {
        if (ignored is null || JsonNode.Parse(body) is not JsonObject answer)
        {
            return null;
        }

        var echoed = ignored.Where(p => answer[p.Key] is { } value && JsonNode.DeepEquals(value, p.Value)).Select(p => p.Key).ToList();
        return echoed.Count == 0 ? null : $"took the read-only {string.Join(", ", echoed)} from the body: {Shorten(body)}";
    }

    private static void CheckFieldNamed(JsonElement problem, int status, BodyMutation mutation)
    {
        if (status != 400 || mutation.Field == "body")
        {
            return;
        }

        var names = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(
            mutation.ExactField ? names.Contains(mutation.Field) : names.Any(n => n.StartsWith(mutation.Field, StringComparison.Ordinal)),
            $"errors name {string.Join(", ", names)}, not {mutation.Field}");
    }

    /// <summary>An answer's first 200 characters, for a failure message.</summary>
    internal static string Shorten(string text) => text.Length <= 200 ? text : $"{text[..200]}…";
}
