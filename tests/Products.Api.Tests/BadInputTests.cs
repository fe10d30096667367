using System.Net;
using System.Text;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

namespace Products.Api.Tests;

/// <summary>Whatever a client sends, the answer is a 4xx problem, never a 500 or a hang, and nothing is stored.</summary>
public class BadInputTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private readonly HttpClient _client = api.Client;

    public static TheoryData<string, string, int> BadProducts => new()
    {
        { "malformed JSON", """{ "sku": "A", "name": """, 400 },
        { "not an object", """[1, 2]""", 400 },
        { "price as a string", """{ "sku": "BAD-1", "name": "A", "price": "10" }""", 400 },
        { "stock as a string", """{ "sku": "BAD-2", "name": "A", "price": 1, "stock": "10" }""", 400 },
        { "stock as a fraction", """{ "sku": "BAD-3", "name": "A", "price": 1, "stock": 1.5 }""", 400 },
        { "negative price", """{ "sku": "BAD-4", "name": "A", "price": -0.01 }""", 400 },
        { "three decimals", """{ "sku": "BAD-5", "name": "A", "price": 1.999 }""", 400 },
        { "negative stock", """{ "sku": "BAD-6", "name": "A", "price": 1, "stock": -1 }""", 400 },
        { "stock beyond int", """{ "sku": "BAD-7", "name": "A", "price": 1, "stock": 99999999999 }""", 400 },
        { "missing sku", """{ "name": "A", "price": 1 }""", 400 },
        { "null name", """{ "sku": "BAD-8", "name": null, "price": 1 }""", 400 },
        { "empty sku", """{ "sku": "", "name": "A", "price": 1 }""", 400 },
        { "10,000-character name", $$"""{ "sku": "BAD-9", "name": "{{new string('n', 10_000)}}", "price": 1 }""", 400 },
        { "NUL in name", """{ "sku": "BAD-10", "name": "a\u0000b", "price": 1 }""", 400 },
        { "lone surrogate", """{ "sku": "BAD-11", "name": "a\ud800b", "price": 1 }""", 400 },
        { "lowercase currency", """{ "sku": "BAD-12", "name": "A", "price": 1, "currency": "usd" }""", 400 },
        { "huge price", """{ "sku": "BAD-13", "name": "A", "price": 1e30 }""", 400 },
        { "duplicate property", """{ "sku": "BAD-14", "sku": "BAD-15", "name": "A", "price": 1 }""", 400 },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public async Task A_bad_product_is_refused_with_a_problem(string why, string body, int status)
    {
        var response = await _client.PostAsync("/products", Json.Body(body));

        var problem = await response.AssertProblemAsync((HttpStatusCode)status);
        Assert.True(problem.TryGetProperty("errors", out _), $"{why}: no errors in {problem}");
    }

    [Fact]
    public async Task Nothing_is_stored_for_a_refused_product()
    {
        await _client.PostAsync("/products", Json.Body("""{ "sku": "NOT-STORED", "name": "A", "price": -1 }"""));

        var list = await _client.GetStringAsync("/products?q=NOT-STORED");
        Assert.Equal("[]", list);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var body = $$"""{ "sku": "BIG", "name": "A", "price": 1, "description": "{{new string('d', 2 * 1024 * 1024)}}" }""";

        var response = await _client.PostAsync("/products", Json.Body(body));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_writes_its_whole_oversized_body_before_reading_hears_the_413(bool chunked)
    {
        var body = Encoding.UTF8.GetBytes($$"""{ "sku": "BIG-3", "name": "{{new string('n', 2 * 1024 * 1024)}}", "price": 1 }""");

        // Written slowly, the body is still on its way long after the answer: the service reads it away rather than
        // close the connection on it (which would reset it, and fail the client's write).
        var response = await RawHttp.SendAsync(_client.BaseAddress!, "POST", "/products", "application/json", body, chunked,
            chunkBytes: 32 * 1024, pause: TimeSpan.FromMilliseconds(2), api.Issuer.BackOfficeToken(), CancellationToken.None);

        Assert.Equal(413, response.Status);
        Assert.Contains("larger than 1048576 bytes", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "none")]
    [InlineData(true, "none")]
    [InlineData(false, "expired")]
    [InlineData(true, "expired")]
    [InlineData(false, "another audience's")]
    public async Task A_client_without_a_valid_token_that_writes_its_whole_oversized_body_hears_the_401_and_its_challenge(bool chunked, string token)
    {
        var body = Encoding.UTF8.GetBytes($$"""{ "sku": "BIG-4", "name": "{{new string('n', 2 * 1024 * 1024)}}", "price": 1 }""");
        var bearerToken = token switch
        {
            "expired" => api.Issuer.AccessToken("back-office", "catalog.write", clientId: "back-office", expiresIn: TimeSpan.FromMinutes(-5)),
            "another audience's" => api.Issuer.PersonToken(Callers.CustomerId),
            _ => null,
        };

        // Who calls is found out before the size of what they send: a body declared or found too large is no reason to
        // leave out the challenge that says a token is needed. The service reads the body away after the answer.
        var response = await RawHttp.SendAsync(_client.BaseAddress!, "POST", "/products", "application/json", body, chunked,
            chunkBytes: 32 * 1024, pause: TimeSpan.FromMilliseconds(2), bearerToken, CancellationToken.None);

        Assert.Equal(401, response.Status);
        var challenge = response.Headers.GetValueOrDefault("www-authenticate") ?? "";
        Assert.StartsWith("Bearer", challenge, StringComparison.Ordinal);
        Assert.Equal(bearerToken is not null, challenge.Contains("error=\"invalid_token\"", StringComparison.Ordinal));
        Assert.Contains("\"status\":401", response.Body, StringComparison.Ordinal);
        Assert.Equal("[]", await _client.GetStringAsync("/products?q=BIG-4"));
    }

    [Fact]
    public async Task A_body_answered_before_it_was_read_does_not_cost_the_client_its_answer()
    {
        // Not JSON: refused at its first byte, with a megabyte of it still to come.
        var body = new byte[1024 * 1024];
        Random.Shared.NextBytes(body);

        var response = await RawHttp.SendAsync(_client.BaseAddress!, "POST", "/products", "application/json", body, chunked: true,
            chunkBytes: 32 * 1024, pause: TimeSpan.FromMilliseconds(2), api.Issuer.BackOfficeToken(), CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Contains("not valid JSON", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_over_one_mebibyte_is_413()
    {
        var body = Encoding.UTF8.GetBytes($$"""{ "sku": "BIG-2", "name": "A", "price": 1, "description": "{{new string('d', 2 * 1024 * 1024)}}" }""");
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/products") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/jsonx")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=b")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_415_saying_what_is_accepted(string? contentType)
    {
        var content = new StringContent("""{ "sku": "CT", "name": "A", "price": 1 }""");
        content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        var response = await _client.PostAsync("/products", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "A", "price": 1 }""", new[] { "sku" })]
    [InlineData("""{ "sku": "MISSING-1" }""", new[] { "name", "price" })]
    [InlineData("""{ }""", new[] { "sku", "name", "price" })]
    public async Task Each_missing_required_property_is_named_in_errors(string body, string[] missing)
    {
        var response = await _client.PostAsync("/products", Json.Body(body));

        var problem = await response.AssertValidationProblemAsync(missing);
        Assert.All(missing, field => Assert.Equal("Is required.", problem.GetProperty("errors").GetProperty(field)[0].GetString()));
    }

    [Theory]
    [InlineData("PATCH", "/products/{id}", "DELETE, GET, PUT")]
    [InlineData("POST", "/products/{id}", "DELETE, GET, PUT")]
    [InlineData("DELETE", "/products", "GET, POST")]
    [InlineData("PUT", "/products/", "GET, POST")]
    [InlineData("POST", "/products/{id}/image", "DELETE, GET, PUT")]
    [InlineData("PATCH", "/products/{id}/image", "DELETE, GET, PUT")]
    [InlineData("POST", "/products/categories", "GET")]
    [InlineData("PUT", "/products/categories", "GET")]
    [InlineData("DELETE", "/products/categories", "GET")]
    public async Task A_method_a_path_does_not_allow_is_405_with_the_allowed_ones(string method, string path, string allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.CreateVersion7().ToString(), StringComparison.Ordinal))
        {
            Content = Json.Body("{}"),
        };

        var response = await _client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
        Assert.Contains($"Allowed: {allowed}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_404_naming_the_path()
    {
        var response = await _client.GetAsync("/catalogue/items");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("/catalogue/items", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        var response = await _client.PostAsync("/products", Json.Body(""));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unicode_round_trips_exactly()
    {
        const string name = "Ünïcödé 🧦 — \"quoted\" \\ back\tslash ﷽";

        var response = await _client.PostAsync("/products", Json.Body(new { sku = "UNICODE-🧦", name, price = 1 }));

        var product = await response.ReadJsonAsync();
        var fetched = await (await _client.GetAsync($"/products/{product["id"]}")).ReadJsonAsync();
        Assert.Equal(name, fetched["name"]!.GetValue<string>());
        Assert.Equal("UNICODE-🧦", fetched["sku"]!.GetValue<string>());
    }
}
