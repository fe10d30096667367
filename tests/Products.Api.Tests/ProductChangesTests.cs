using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;

namespace Products.Api.Tests;

/// <summary>GET /products/{id}/changes: every admin write, with who made it, written with the write itself.</summary>
public class ProductChangesTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private const string StaffEmail = "admin@shop.test";

    private readonly HttpClient _client = api.Client;

    [Fact]
    public async Task Every_kind_of_change_is_logged_newest_first_with_the_actor_of_its_token()
    {
        using var staff = api.Service.ClientWith(StaffToken());
        var created = await staff.CreateProductAsync(stock: 4, price: 19.99m, category: "mugs", name: "Mug");
        var id = created["id"]!.GetValue<string>();
        var sku = created["sku"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync($"/products/{id}",
            Json.Body(new { sku, name = "Mug", price = 17.99m, stock = 4, category = "kitchen", description = "Blue" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/products/{id}/stock", Json.Body(new { adjustment = -3 }))).StatusCode);
        var picture = await (await _client.PutImageAsync(id, Pictures.Png())).ReadJsonAsync();
        var version = picture["image_url"]!.GetValue<string>().Split("?v=")[1];
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/products/{id}/image")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/products/{id}")).StatusCode);

        var response = await _client.GetAsync($"/products/{id}/changes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changes = (await response.ReadJsonAsync()).AsArray();
        Assert.Equal(["deleted", "picture_removed", "picture_set", "stock_adjusted", "edited", "created"],
            changes.Select(c => c!["change"]!.GetValue<string>()));
        var staffActor = new JsonObject { ["sub"] = Callers.AdminId, ["client_id"] = "storefront", ["email"] = StaffEmail }.ToJsonString();
        var backOffice = new JsonObject { ["sub"] = "back-office", ["client_id"] = "back-office", ["email"] = null }.ToJsonString();
        Assert.Equal([backOffice, staffActor, backOffice, staffActor, backOffice, staffActor], changes.Select(c => c!["actor"]!.ToJsonString()));
        var times = changes.Select(c => DateTime.Parse(c!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);

        Assert.Equal("{}", changes[0]!["fields"]!.ToJsonString());
        Assert.Equal(new JsonObject { ["picture"] = new JsonObject { ["from"] = version, ["to"] = null } }.ToJsonString(), changes[1]!["fields"]!.ToJsonString());
        Assert.Equal(new JsonObject { ["picture"] = new JsonObject { ["from"] = null, ["to"] = version } }.ToJsonString(), changes[2]!["fields"]!.ToJsonString());
        Assert.Equal("""{"stock":{"from":"4","to":"1"}}""", changes[3]!["fields"]!.ToJsonString());
        var edited = changes[4]!["fields"]!.AsObject();
        Assert.Equal(["category", "description", "price"], edited.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal("""{"from":"19.99","to":"17.99"}""", edited["price"]!.ToJsonString());
        Assert.Equal("""{"from":"mugs","to":"kitchen"}""", edited["category"]!.ToJsonString());
        Assert.Equal("""{"from":null,"to":"Blue"}""", edited["description"]!.ToJsonString());
        var createdFields = changes[5]!["fields"]!.AsObject();
        Assert.Equal(["category", "currency", "description", "name", "price", "sku", "stock"], createdFields.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.All(createdFields, field => Assert.Null(field.Value!["from"]));
        Assert.Equal(sku, createdFields["sku"]!["to"]!.GetValue<string>());
        Assert.Equal("19.99", createdFields["price"]!["to"]!.GetValue<string>());
        Assert.Equal("4", createdFields["stock"]!["to"]!.GetValue<string>());
        Assert.Equal("USD", createdFields["currency"]!["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replaced_picture_names_the_version_it_replaced()
    {
        var id = (await _client.CreateProductAsync())["id"]!.GetValue<string>();
        var first = await VersionOfUploadAsync(id);
        var second = await VersionOfUploadAsync(id);

        var changes = await ChangesAsync(id);

        Assert.Equal(new JsonObject { ["from"] = first, ["to"] = second }.ToJsonString(), changes[0]!["fields"]!["picture"]!.ToJsonString());
    }

    [Fact]
    public async Task A_refused_write_logs_nothing_and_a_put_that_changes_no_value_logs_nothing()
    {
        var product = await _client.CreateProductAsync(stock: 2, price: 5m);
        var other = await _client.CreateProductAsync();
        var id = product["id"]!.GetValue<string>();
        var sku = product["sku"]!.GetValue<string>();

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/products/{id}") { Content = Json.Body(new { sku, name = "Stale", price = 1 }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await (await _client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await _client.PutAsync($"/products/{id}", Json.Body(new { sku = other["sku"]!.GetValue<string>(), name = "Clash", price = 1 })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PostAsync($"/products/{id}/stock", Json.Body(new { adjustment = -3 }))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PostAsync($"/products/{id}/stock", Json.Body(new { adjustment = 0 }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.DeleteAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PutImageAsync(id, [1, 2, 3])).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PostAsync("/products", Json.Body(new { sku, name = "Twin", price = 1 }))).AssertProblemAsync(HttpStatusCode.Conflict);
        var unchanged = await _client.PutAsync($"/products/{id}", Json.Body(new
        {
            sku, name = product["name"]!.GetValue<string>(), price = 5.0m, stock = 2, category = product["category"]!.GetValue<string>(),
        }));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);

        Assert.Equal(["created"], (await ChangesAsync(id)).Select(c => c!["change"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Reservations_commits_and_releases_are_not_logged()
    {
        var id = (await _client.CreateProductAsync(stock: 5))["id"]!.GetValue<string>();
        var committed = Guid.CreateVersion7();
        var released = Guid.CreateVersion7();
        (await _client.ReserveAsync(committed, 300, (id, 1))).EnsureSuccessStatusCode();
        (await _client.ReserveAsync(released, 300, (id, 1))).EnsureSuccessStatusCode();
        (await _client.PostAsync($"/inventory/reservations/{committed}/commit", null)).EnsureSuccessStatusCode();
        (await _client.PostAsync($"/inventory/reservations/{released}/release", null)).EnsureSuccessStatusCode();

        Assert.Equal(4, await _client.StockOfAsync(id));
        Assert.Equal(["created"], (await ChangesAsync(id)).Select(c => c!["change"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pages_follow_next_links_newest_first_and_see_every_change_once()
    {
        var id = (await _client.CreateProductAsync(stock: 0))["id"]!.GetValue<string>();
        for (var i = 1; i <= 6; i++)
        {
            (await _client.PostAsync($"/products/{id}/stock", Json.Body(new { adjustment = i }))).EnsureSuccessStatusCode();
        }

        var seen = new List<JsonNode>();
        string? next = $"/products/{id}/changes?limit=3";
        var pages = 0;
        while (next is not null)
        {
            var response = await _client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange((await response.ReadJsonAsync()).AsArray().Select(c => c!));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
            Assert.True(next is null || next.StartsWith($"/products/{id}/changes?", StringComparison.Ordinal), next);
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(["21", "15", "10", "6", "3", "1", "0"], seen.Select(c => c["fields"]!["stock"]!["to"]!.GetValue<string>()));
        Assert.Equal("created", seen[^1]["change"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deleted_products_log_is_served_and_an_id_no_product_ever_had_is_404()
    {
        var id = (await _client.CreateProductAsync())["id"]!.GetValue<string>();
        await _client.DeleteAsync($"/products/{id}");

        Assert.Equal(["deleted", "created"], (await ChangesAsync(id)).Select(c => c!["change"]!.GetValue<string>()));
        await (await _client.GetAsync($"/products/{Guid.CreateVersion7()}/changes")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/products/not-a-uuid/changes")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("after=bogus", "after")]
    [InlineData("after=AZOhsgAAcACAAAAAAAAAAA", "after")]
    public async Task Bad_paging_is_400_with_the_field(string query, string field)
    {
        var id = (await _client.CreateProductAsync())["id"]!.GetValue<string>();

        await (await _client.GetAsync($"/products/{id}/changes?{query}")).AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Only_catalog_writers_read_the_log()
    {
        var id = (await _client.CreateProductAsync())["id"]!.GetValue<string>();
        var callers = new Callers(api.Issuer);
        using var anonymous = api.Service.ClientWith(null);
        using var customer = api.Service.ClientWith(callers.Customer.Token);
        using var ordersService = api.Service.ClientWith(callers.OrdersService.Token);
        using var admin = api.Service.ClientWith(callers.Admin.Token);

        await (await anonymous.GetAsync($"/products/{id}/changes")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // A customer's token is not for this service at all; Orders.Api's is, without catalog.write.
        await (await customer.GetAsync($"/products/{id}/changes")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await ordersService.GetAsync($"/products/{id}/changes")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/products/{id}/changes")).StatusCode);
    }

    /// <summary>A staff member's token as Identity.Api issues it to an admin who granted the email scope.</summary>
    private string StaffToken() => api.Issuer.AccessToken(Callers.AdminId, "openid email catalog.write", role: "admin",
        change: payload => payload["email"] = StaffEmail);

    private async Task<string> VersionOfUploadAsync(string id) =>
        (await (await _client.PutImageAsync(id, Pictures.Png())).ReadJsonAsync())["image_url"]!.GetValue<string>().Split("?v=")[1];

    private async Task<JsonArray> ChangesAsync(string id)
    {
        var response = await _client.GetAsync($"/products/{id}/changes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsArray();
    }
}
