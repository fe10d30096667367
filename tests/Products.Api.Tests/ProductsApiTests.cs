using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;

namespace Products.Api.Tests;

public class ProductsApiTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private readonly HttpClient _client = api.Client;

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_the_product_in_snake_case()
    {
        var response = await _client.PostAsync("/products/", Json.Body("""
            { "sku": "TSHIRT-RED-M-1", "name": "Red T-shirt ✓ 赤", "description": "Soft", "category": "apparel",
              "price": 19.99, "currency": "EUR", "stock": 120 }
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var product = await response.ReadJsonAsync();
        var id = product["id"]!.GetValue<string>();
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal($"/products/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("Red T-shirt ✓ 赤", product["name"]!.GetValue<string>());
        Assert.Equal(19.99m, product["price"]!.GetValue<decimal>());
        Assert.Equal("EUR", product["currency"]!.GetValue<string>());
        Assert.Equal(120, product["stock"]!.GetValue<int>());
        Assert.EndsWith("Z", product["created_at"]!.GetValue<string>(), StringComparison.Ordinal);

        var fetched = await _client.GetAsync($"/products/{id}/");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(response.Headers.ETag, fetched.Headers.ETag);
        Assert.Equal(product.ToJsonString(), (await fetched.ReadJsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task Currency_defaults_to_usd_and_stock_to_zero()
    {
        var response = await _client.PostAsync("/products", Json.Body("""{ "sku": "DEFAULTS-1", "name": "Defaults", "price": 1 }"""));

        var product = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("USD", product["currency"]!.GetValue<string>());
        Assert.Equal(0, product["stock"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_duplicate_sku_in_another_case_is_409()
    {
        await _client.PostAsync("/products", Json.Body("""{ "sku": "dup-sku-1", "name": "A", "price": 1 }"""));

        var response = await _client.PostAsync("/products", Json.Body("""{ "sku": "DUP-SKU-1", "name": "B", "price": 2 }"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("0193a1b2-0000-7000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task An_unknown_or_malformed_id_is_404(string id)
    {
        await (await _client.GetAsync($"/products/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PutAsync($"/products/{id}", Json.Body("""{ "sku": "X-404", "name": "X", "price": 1 }""")))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/products/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Filters_select_by_category_text_and_inclusive_price_range()
    {
        var category = $"cat-{Guid.NewGuid():N}";
        var cheap = await _client.CreateProductAsync(price: 5m, category: category, name: "Plain mug");
        var middle = await _client.CreateProductAsync(price: 10m, category: category, name: "Blue MUG", description: "ceramic");
        var dear = await _client.CreateProductAsync(price: 20m, category: category, name: "Teapot", description: "Goes with any mug");
        await _client.CreateProductAsync(price: 10m, name: "Mug elsewhere");

        Assert.Equal(Ids(cheap, middle, dear), await ListIdsAsync($"/products?category={category}"));
        Assert.Equal(Ids(cheap, middle, dear), await ListIdsAsync($"/products?category={category}&q=mUg"));
        Assert.Equal(Ids(middle), await ListIdsAsync($"/products?category={category}&q=CERAMIC"));
        Assert.Equal(Ids(cheap, middle), await ListIdsAsync($"/products?category={category}&min_price=5&max_price=10"));
        Assert.Equal(Ids(middle, dear), await ListIdsAsync($"/products?category={category}&min_price=10"));
        Assert.Empty(await ListIdsAsync($"/products?category={category}&q=%25"));
    }

    [Fact]
    public async Task Max_stock_keeps_products_with_at_most_that_many_units_and_pages_with_the_other_filters()
    {
        var category = $"stock-{Guid.NewGuid():N}";
        var soldOut = await _client.CreateProductAsync(stock: 0, category: category, price: 5m);
        var one = await _client.CreateProductAsync(stock: 1, category: category, price: 5m);
        var three = await _client.CreateProductAsync(stock: 3, category: category, price: 20m);
        var four = await _client.CreateProductAsync(stock: 4, category: category, price: 5m);
        var alsoSoldOut = await _client.CreateProductAsync(stock: 0, category: category, price: 5m);
        await _client.CreateProductAsync(stock: 0);

        Assert.Equal(Ids(soldOut, alsoSoldOut), await ListIdsAsync($"/products?category={category}&max_stock=0"));
        Assert.Equal(Ids(soldOut, one, three, alsoSoldOut), await ListIdsAsync($"/products?category={category}&max_stock=3"));
        Assert.Equal(Ids(soldOut, one, four, alsoSoldOut), await ListIdsAsync($"/products?category={category}&max_stock=4&max_price=10"));

        var first = await _client.GetAsync($"/products?category={category}&max_stock=3&limit=2");
        var next = NextLink(first);
        Assert.NotNull(next);
        Assert.Contains("max_stock=3", next, StringComparison.Ordinal);
        var second = await _client.GetAsync(next);
        Assert.Null(NextLink(second));
        var paged = (await first.ReadJsonAsync()).AsArray().Concat((await second.ReadJsonAsync()).AsArray()).Select(p => p!["id"]!.GetValue<string>());
        Assert.Equal(Ids(soldOut, one, three, alsoSoldOut), paged);
    }

    [Fact]
    public async Task Pages_follow_relative_next_links_until_every_product_is_seen_once()
    {
        var category = $"page-{Guid.NewGuid():N}";
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await _client.CreateProductAsync(category: category))["id"]!.GetValue<string>());
        }

        var seen = new List<string>();
        string? next = $"/products?category={category}&limit=2";
        var pages = 0;
        while (next is not null)
        {
            var response = await _client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange((await response.ReadJsonAsync()).AsArray().Select(p => p!["id"]!.GetValue<string>()));
            next = NextLink(response);
            Assert.True(next is null || next.StartsWith("/products?", StringComparison.Ordinal), next);
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task A_limit_above_200_is_capped_at_200()
    {
        var category = $"cap-{Guid.NewGuid():N}";
        await Task.WhenAll(Enumerable.Range(0, 205).Select(_ => _client.CreateProductAsync(category: category)));

        var response = await _client.GetAsync($"/products?category={category}&limit=1000");

        Assert.Equal(200, (await response.ReadJsonAsync()).AsArray().Count);
        Assert.Contains("limit=200", NextLink(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("after=bogus", "after")]
    [InlineData("min_price=cheap", "min_price")]
    [InlineData("max_price=-1", "max_price")]
    [InlineData("max_stock=-1", "max_stock")]
    [InlineData("max_stock=1.5", "max_stock")]
    [InlineData("max_stock=many", "max_stock")]
    [InlineData("max_stock=2147483648", "max_stock")]
    public async Task Bad_list_parameters_are_400_with_the_field(string query, string field)
    {
        await (await _client.GetAsync($"/products?{query}")).AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Put_replaces_the_editable_fields_and_honours_if_match()
    {
        var product = await _client.CreateProductAsync(stock: 3);
        var id = product["id"]!.GetValue<string>();
        var current = (await _client.GetAsync($"/products/{id}")).Headers.ETag!;

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/products/{id}")
        {
            Content = Json.Body($$"""{ "sku": "{{product["sku"]}}", "name": "Renamed", "price": 25.5, "stock": 7 }"""),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await (await _client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        var fresh = new HttpRequestMessage(HttpMethod.Put, $"/products/{id}")
        {
            Content = Json.Body($$"""{ "sku": "{{product["sku"]}}", "name": "Renamed", "price": 25.5, "stock": 7, "id": "ignored", "created_at": "2000-01-01T00:00:00Z" }"""),
        };
        fresh.Headers.IfMatch.Add(current);
        var updated = await _client.SendAsync(fresh);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(current, updated.Headers.ETag);
        var body = await updated.ReadJsonAsync();
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal("Renamed", body["name"]!.GetValue<string>());
        Assert.Null(body["category"]);
        Assert.Equal(7, body["stock"]!.GetValue<int>());
        Assert.Equal(product["created_at"]!.GetValue<string>(), body["created_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_to_another_products_sku_is_409()
    {
        var first = await _client.CreateProductAsync();
        var second = await _client.CreateProductAsync();

        var response = await _client.PutAsync($"/products/{second["id"]}",
            Json.Body($$"""{ "sku": "{{first["sku"]!.GetValue<string>().ToLowerInvariant()}}", "name": "Clash", "price": 1 }"""));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Delete_removes_the_product_from_the_catalog_and_frees_its_sku()
    {
        var product = await _client.CreateProductAsync(category: "to-delete");
        var id = product["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/products/{id}")).StatusCode);

        await (await _client.GetAsync($"/products/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/products/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await ListIdsAsync("/products?category=to-delete"));
        var again = await _client.PostAsync("/products", Json.Body(new { sku = product["sku"]!.GetValue<string>(), name = "Back", price = 1 }));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_are_404_and_wrong_methods_405_as_problem_details()
    {
        await (await _client.GetAsync("/nothing-here")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PatchAsync("/products", Json.Body("{}"))).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }


    [Fact]
    public async Task Categories_are_those_with_products_in_the_catalog_by_name_with_their_counts()
    {
        var prefix = $"cat-{Guid.NewGuid():N}";
        foreach (var (suffix, count) in new[] { ("shoes", 2), ("apparel", 3), ("kitchen", 1), ("books", 1) })
        {
            for (var i = 0; i < count; i++)
            {
                await _client.CreateProductAsync(category: $"{prefix}-{suffix}");
            }
        }

        var gone = await _client.CreateProductAsync(category: $"{prefix}-books");
        await _client.DeleteAsync($"/products/{gone["id"]}");
        var moved = await _client.CreateProductAsync(category: $"{prefix}-games");
        await _client.PutAsync($"/products/{moved["id"]}", Json.Body(new { sku = moved["sku"]!.GetValue<string>(), name = "Moved", price = 1, category = $"{prefix}-kitchen" }));
        using var anonymous = api.Service.ClientWith(null);

        var response = await anonymous.GetAsync("/products/categories");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ours = (await response.ReadJsonAsync()).AsArray()
            .Where(c => c!["name"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal))
            .Select(c => $"{c!["name"]!.GetValue<string>()[(prefix.Length + 1)..]}:{c["products"]!.GetValue<int>()}");
        Assert.Equal(["apparel:3", "books:1", "kitchen:2", "shoes:2"], ours);
    }

    [Fact]
    public async Task Categories_leave_out_products_without_one_and_answer_with_and_without_a_trailing_slash()
    {
        var category = $"Zz-{Guid.NewGuid():N}";
        await _client.CreateProductAsync(category: category);
        foreach (var none in new[] { "null", "\"\"" })
        {
            var created = await _client.PostAsync("/products", Json.Body($$"""{ "sku": "NOCAT-{{Guid.NewGuid():N}}", "name": "A", "price": 1, "category": {{none}} }"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var categories = (await (await _client.GetAsync("/products/categories/")).ReadJsonAsync()).AsArray();

        var names = categories.Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(1, categories.Single(c => c!["name"]!.GetValue<string>() == category)!["products"]!.GetValue<int>());
        Assert.DoesNotContain("", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public Task Health_openapi_and_the_reference_page_are_served() =>
        _client.AssertServedAsync("/products", "/products/{id}", "/products/categories", "/products/{id}/image", "/products/{id}/stock", "/products/{id}/changes",
            "/inventory/reservations", "/inventory/reservations/{id}/commit");

    private static List<string> Ids(params JsonNode[] products) => products.Select(p => p["id"]!.GetValue<string>()).ToList();

    private async Task<List<string>> ListIdsAsync(string path)
    {
        var products = await _client.GetFromJsonAsync<JsonArray>(path);
        return products!.Select(p => p!["id"]!.GetValue<string>()).ToList();
    }

    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values)
            ? values.Single().Split('>')[0].TrimStart('<')
            : null;
}
