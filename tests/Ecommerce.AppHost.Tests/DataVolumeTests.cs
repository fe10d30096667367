using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ecommerce.TestSupport.Identity;
using Ecommerce.TestSupport;
using Ecommerce.TestSupport.Servers;

namespace Ecommerce.AppHost.Tests;

/// <summary>
/// <c>WithDataVolume()</c> keeps PostgreSQL's data between runs of the AppHost, also when Postgres runs as a local
/// process: a product created in one run is there in the next, with the same generated password; and the identity
/// provider's keys, kept in the same data folder, still sign and validate the same tokens.
/// </summary>
/// <remarks>In the platform's collection only to run after it, not beside it: two platforms at once on two cores crowd each other.</remarks>
[Collection(SharedPlatform.Name)]
public class DataVolumeTests
{
    [Fact]
    public async Task A_product_created_in_one_run_is_there_in_the_next()
    {
        var data = ServerFolders.CreateTemporary("ecommerce-apphost-volume-");
        try
        {
            string productId, token;
            await using (var first = await StartAsync(data))
            {
                using var backOffice = await first.BackOfficeAsync();
                productId = (await backOffice.Client.CreateProductAsync(stock: 7))["id"]!.GetValue<string>();
                token = backOffice.AccessToken;
            }

            await using var second = await StartAsync(data);
            using var again = second.CreateHttpClient("gateway");
            var response = await again.GetAsync($"/products/{productId}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(7, await again.StockOfAsync(productId));
            Assert.True(OAuthClient.IsSignedBy(token, (await again.GetFromJsonAsync<JsonObject>("/.well-known/jwks"))!),
                "A token of the first run does not validate with the keys of the second.");
        }
        finally
        {
            await ServerFolders.DeleteAsync(data);
        }
    }

    private static async Task<DistributedApplication> StartAsync(string dataDirectory)
    {
        using var timeout = new CancellationTokenSource(PlatformFixture.StartTimeout);
        return await PlatformFixture.StartAsync(dataDirectory, withDashboard: false, timeout.Token);
    }
}
