using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Products.Api.Infrastructure;

namespace Products.Api.Tests;

public class ProductImagesTests(ProductsApiFixture api) : IClassFixture<ProductsApiFixture>
{
    private readonly HttpClient _client = api.Client;

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/webp")]
    public async Task An_uploaded_picture_is_served_back_byte_for_byte_with_its_type_and_cache_headers(string contentType)
    {
        var id = await NewProductAsync();
        var picture = Pictures.Of(contentType, 50_000);

        var uploaded = await _client.PutImageAsync(id, picture, contentType);

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var product = await uploaded.ReadJsonAsync();
        Assert.Equal(id, product["id"]!.GetValue<string>());
        var imageUrl = product["image_url"]!.GetValue<string>();
        Assert.StartsWith($"/products/{id}/image?v=", imageUrl, StringComparison.Ordinal);

        using var anonymous = api.Service.ClientWith(null);
        var served = await anonymous.GetAsync(imageUrl);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(picture, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(contentType, served.Content.Headers.ContentType?.ToString());
        Assert.Equal(picture.Length, served.Content.Headers.ContentLength);
        Assert.NotNull(served.Headers.ETag);
        Assert.False(served.Headers.ETag.IsWeak);
        Assert.Equal($"\"{imageUrl.Split("?v=")[1]}\"", served.Headers.ETag.Tag);
        Assert.Equal("public, max-age=86400", served.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", Assert.Single(served.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_image_url_shows_on_the_product_and_in_lists_and_changes_with_a_new_picture()
    {
        var category = $"pictured-{Guid.NewGuid():N}";
        var id = (await _client.CreateProductAsync(category: category))["id"]!.GetValue<string>();
        Assert.Null((await GetProductAsync(id))["image_url"]);

        var first = await UploadAsync(id, Pictures.Png());
        Assert.Equal(first, (await GetProductAsync(id))["image_url"]!.GetValue<string>());
        Assert.Equal(first, await ListedImageUrlAsync(category, id));

        var secondPicture = Pictures.Jpeg();
        var second = await UploadAsync(id, secondPicture, "image/jpeg");

        Assert.NotEqual(first, second);
        Assert.Equal(second, (await GetProductAsync(id))["image_url"]!.GetValue<string>());
        Assert.Equal(second, await ListedImageUrlAsync(category, id));
        var served = await _client.GetAsync(second);
        Assert.Equal(secondPicture, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Editing_a_product_keeps_its_picture_in_the_answer()
    {
        var product = await _client.CreateProductAsync();
        var id = product["id"]!.GetValue<string>();
        var imageUrl = await UploadAsync(id, Pictures.Png());

        var updated = await _client.PutAsync($"/products/{id}",
            Json.Body(new { sku = product["sku"]!.GetValue<string>(), name = "Renamed", price = 3, stock = 2 }));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(imageUrl, (await updated.ReadJsonAsync())["image_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_is_304_and_with_a_stale_or_malformed_one_the_new_picture()
    {
        var id = await NewProductAsync();
        await UploadAsync(id, Pictures.Png());
        var stale = (await _client.GetAsync($"/products/{id}/image")).Headers.ETag!;
        var newPicture = Pictures.Png();
        await UploadAsync(id, newPicture);
        var current = (await _client.GetAsync($"/products/{id}/image")).Headers.ETag!;

        foreach (var notCurrent in new[] { stale.Tag, "not-an-etag" })
        {
            var withStale = await GetImageAsync(id, notCurrent);
            Assert.Equal(HttpStatusCode.OK, withStale.StatusCode);
            Assert.Equal(newPicture, await withStale.Content.ReadAsByteArrayAsync());
            Assert.Equal(current, withStale.Headers.ETag);
        }

        foreach (var ifNoneMatch in new[] { current.Tag, $"W/{current.Tag}", $"{stale.Tag}, {current.Tag}", "*" })
        {
            var notModified = await GetImageAsync(id, ifNoneMatch);

            Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"{ifNoneMatch}: {(int)notModified.StatusCode}");
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(current, notModified.Headers.ETag);
            Assert.Equal("public, max-age=86400", notModified.Headers.CacheControl?.ToString());
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    [InlineData("image/gif")]
    [InlineData("image/svg+xml")]
    [InlineData("multipart/form-data; boundary=b")]
    [InlineData(null)]
    public async Task Any_other_content_type_is_415_naming_the_accepted_ones_and_stores_nothing(string? contentType)
    {
        var id = await NewProductAsync();

        var response = await _client.PutImageAsync(id, Pictures.Png(), contentType);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("image/png, image/jpeg or image/webp", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoPictureAsync(id);
    }

    [Theory]
    [InlineData("image/PNG; charset=binary", "image/png")]
    [InlineData("IMAGE/JPEG", "image/jpeg")]
    public async Task The_content_type_is_read_in_any_case_and_with_parameters(string sent, string stored)
    {
        var id = await NewProductAsync();

        await UploadAsync(id, Pictures.Of(stored), sent);

        Assert.Equal(stored, (await _client.GetAsync($"/products/{id}/image")).Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("image/jpeg", "image/png")]
    [InlineData("image/webp", "image/jpeg")]
    [InlineData("image/png", "image/webp")]
    public async Task Bytes_of_another_type_than_the_content_type_says_are_400_naming_both(string declared, string actual)
    {
        var id = await NewProductAsync();

        var response = await _client.PutImageAsync(id, Pictures.Of(actual), declared);

        var detail = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString();
        Assert.Contains(declared, detail, StringComparison.Ordinal);
        Assert.Contains($"sent as {actual}", detail, StringComparison.Ordinal);
        await AssertNoPictureAsync(id);
    }

    [Theory]
    [InlineData("image/png", "89 50 4E 47 0D 0A 1A 0A")]
    [InlineData("image/jpeg", "FF D8 FF")]
    [InlineData("image/webp", "57 45 42 50 (WEBP)")]
    public async Task Bytes_of_no_picture_type_are_400_with_the_signature_expected(string contentType, string signature)
    {
        var id = await NewProductAsync();
        var notAPicture = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray();
        var almostWebP = Pictures.WebP();
        almostWebP[8] = (byte)'A';

        foreach (var body in new[] { notAPicture, almostWebP, Pictures.Of(contentType)[..2] })
        {
            var response = await _client.PutImageAsync(id, body, contentType);

            var detail = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString();
            Assert.Contains(signature, detail, StringComparison.Ordinal);
        }

        await AssertNoPictureAsync(id);
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        var id = await NewProductAsync();

        var response = await _client.PutImageAsync(id, [], "image/png");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("empty", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoPictureAsync(id);
    }

    [Fact]
    public async Task A_picture_of_exactly_one_mebibyte_is_taken_and_one_byte_more_is_413()
    {
        var id = await NewProductAsync();
        var largest = Pictures.Png(1024 * 1024);

        await UploadAsync(id, largest);
        var tooLarge = await _client.PutImageAsync(id, Pictures.Png(1024 * 1024 + 1));

        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(largest, await _client.GetByteArrayAsync($"/products/{id}/image"));
    }

    [Fact]
    public async Task A_chunked_picture_over_one_mebibyte_is_413_and_stores_nothing()
    {
        var id = await NewProductAsync();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/products/{id}/image")
        {
            Content = new StreamContent(new MemoryStream(Pictures.Png(2 * 1024 * 1024))) { Headers = { ContentType = new("image/png") } },
        };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNoPictureAsync(id);
    }

    [Fact]
    public async Task An_anonymous_upload_is_401_before_its_body_is_read_and_a_customers_is_403()
    {
        var id = await NewProductAsync();
        using var anonymous = api.Service.ClientWith(null);
        using var customer = api.Service.ClientWith(CustomerTokenForProducts());

        var unauthenticated = await anonymous.PutImageAsync(id, Pictures.Png());
        // Over the limit and of a refused type, chunked or with its length declared up front: reading it, its type or
        // its length would answer 413 or 415.
        var unreadChunked = await SendOversizedPictureAsync(id, chunked: true, bearerToken: null);
        var unreadDeclared = await SendOversizedPictureAsync(id, chunked: false, bearerToken: null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var unsent = await RawHttp.SendHeadOnlyAsync(_client.BaseAddress!, "PUT", $"/products/{id}/image", "image/png",
            contentLength: 2 * 1024 * 1024, bearerToken: null, timeout.Token);
        var forbidden = await customer.PutImageAsync(id, Pictures.Png());
        var forbiddenDeclared = await SendOversizedPictureAsync(id, chunked: false, CustomerTokenForProducts());

        await unauthenticated.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", unauthenticated.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal((401, "Bearer"), (unreadChunked.Status, unreadChunked.Headers.GetValueOrDefault("www-authenticate")));
        Assert.Equal((401, "Bearer"), (unreadDeclared.Status, unreadDeclared.Headers.GetValueOrDefault("www-authenticate")));
        // Answered with none of the body sent: the refusal waited for none of it.
        Assert.Equal((401, "Bearer"), (unsent.Status, unsent.Headers.GetValueOrDefault("www-authenticate")));
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(403, forbiddenDeclared.Status);
        await AssertNoPictureAsync(id);
    }

    [Fact]
    public async Task A_delete_declaring_a_body_over_the_limit_is_413_though_the_operation_reads_no_body()
    {
        var id = await NewProductAsync();
        var picture = await UploadAsync(id, Pictures.Png());

        // Authorized, so the size is what is refused, before the operation runs: it would delete without reading a byte.
        var response = await RawHttp.SendAsync(_client.BaseAddress!, "DELETE", $"/products/{id}/image", "application/octet-stream",
            new byte[2 * 1024 * 1024], chunked: false, chunkBytes: 64 * 1024, pause: TimeSpan.Zero, api.Issuer.BackOfficeToken(),
            CancellationToken.None);

        Assert.Equal(413, response.Status);
        Assert.Equal(picture, (await GetProductAsync(id))["image_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_anyone_may_send_declaring_a_body_over_the_limit_is_413()
    {
        var id = await NewProductAsync();
        await UploadAsync(id, Pictures.Png());

        var response = await RawHttp.SendAsync(_client.BaseAddress!, "GET", $"/products/{id}/image", "application/octet-stream",
            new byte[2 * 1024 * 1024], chunked: false, chunkBytes: 64 * 1024, pause: TimeSpan.Zero, bearerToken: null, CancellationToken.None);

        Assert.Equal(413, response.Status);
        Assert.Contains("larger than 1048576 bytes", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_catalog_writers_may_delete_a_picture()
    {
        var id = await NewProductAsync();
        await UploadAsync(id, Pictures.Png());
        using var anonymous = api.Service.ClientWith(null);
        using var customer = api.Service.ClientWith(CustomerTokenForProducts());

        await (await anonymous.DeleteAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await customer.DeleteAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/products/{id}/image")).StatusCode);
    }

    [Theory]
    [InlineData("0193a1b2-0000-7000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task An_unknown_or_malformed_product_is_404_for_every_picture_operation(string id)
    {
        await (await _client.PutImageAsync(id, Pictures.Png())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_product_without_a_picture_is_404_saying_so()
    {
        var id = await NewProductAsync();

        var response = await _client.GetAsync($"/products/{id}/image");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("has no picture", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_picture_is_404_and_leaves_the_product_without_an_image_url()
    {
        var id = await NewProductAsync();
        await UploadAsync(id, Pictures.WebP(), "image/webp");

        var deleted = await _client.DeleteAsync($"/products/{id}/image");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await _client.GetAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null((await GetProductAsync(id))["image_url"]);
    }

    [Fact]
    public async Task Deleting_a_product_deletes_its_picture()
    {
        var id = await NewProductAsync();
        await UploadAsync(id, Pictures.Png());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/products/{id}")).StatusCode);

        await (await _client.GetAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PutImageAsync(id, Pictures.Png())).AssertProblemAsync(HttpStatusCode.NotFound);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        Assert.False(await db.ProductImages.AnyAsync(i => i.ProductId == Guid.Parse(id)));
    }

    [Fact]
    public async Task Uploads_racing_deletes_of_their_product_never_leave_a_picture_behind()
    {
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await NewProductAsync());
        }

        await Task.WhenAll(ids.SelectMany(id => new Task[] { _client.PutImageAsync(id, Pictures.Png(100_000)), _client.DeleteAsync($"/products/{id}") }));

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var productIds = ids.Select(Guid.Parse).ToList();
        Assert.Equal(20, await db.Products.IgnoreQueryFilters().CountAsync(p => productIds.Contains(p.Id) && p.DeletedAt != null));
        Assert.False(await db.ProductImages.AnyAsync(i => productIds.Contains(i.ProductId)));
    }

    /// <summary>
    /// A customer's token that Products.Api takes (its audience), without catalog.write: Identity.Api issues customers
    /// none for this audience (their token here is a 401, as the authorization matrix shows), so this one is signed here.
    /// </summary>
    private string CustomerTokenForProducts() => api.Issuer.AccessToken(Callers.CustomerId, "openid carts orders", audience: "products");

    /// <summary>Two mebibytes of a type the upload refuses, written whole before the answer is read.</summary>
    private Task<RawResponse> SendOversizedPictureAsync(string id, bool chunked, string? bearerToken) =>
        RawHttp.SendAsync(_client.BaseAddress!, "PUT", $"/products/{id}/image", "text/plain", new byte[2 * 1024 * 1024],
            chunked, chunkBytes: 64 * 1024, pause: TimeSpan.Zero, bearerToken, CancellationToken.None);

    private async Task<string> NewProductAsync() => (await _client.CreateProductAsync())["id"]!.GetValue<string>();

    private async Task<string> UploadAsync(string id, byte[] picture, string contentType = "image/png")
    {
        var response = await _client.PutImageAsync(id, picture, contentType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["image_url"]!.GetValue<string>();
    }

    private async Task<JsonNode> GetProductAsync(string id) => await (await _client.GetAsync($"/products/{id}")).ReadJsonAsync();

    private async Task<string?> ListedImageUrlAsync(string category, string id)
    {
        var products = (await (await _client.GetAsync($"/products?category={category}")).ReadJsonAsync()).AsArray();
        return products.Single(p => p!["id"]!.GetValue<string>() == id)!["image_url"]?.GetValue<string>();
    }

    private Task<HttpResponseMessage> GetImageAsync(string id, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/products/{id}/image");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return _client.SendAsync(request);
    }

    private async Task AssertNoPictureAsync(string id)
    {
        await (await _client.GetAsync($"/products/{id}/image")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null((await GetProductAsync(id))["image_url"]);
    }
}
