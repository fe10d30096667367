namespace Ecommerce.AppHost.Tests;

/// <summary>Each service is given exactly Aspire's variables, and what a process really got is read from /proc.</summary>
[Collection(SharedPlatform.Name)]
public class ServiceConfigurationTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("products", new[] { "ConnectionStrings__catalogdb" }, new[] { "ConnectionStrings__ordersdb", "ConnectionStrings__cache" })]
    [InlineData("carts", new[] { "ConnectionStrings__cache", "services__products__http__0" }, new[] { "ConnectionStrings__catalogdb" })]
    [InlineData("orders", new[] { "ConnectionStrings__ordersdb", "services__products__http__0", "services__carts__http__0" }, new[] { "ConnectionStrings__catalogdb", "ConnectionStrings__cache" })]
    public void Every_service_gets_its_connection_strings_and_service_endpoints_and_no_others(string service, string[] expected, string[] absent)
    {
        var declared = platform.App.GetEnvironment(service);
        var actual = Processes.EnvironmentOf(ProcessOf(service));

        foreach (var name in expected.Concat(["ASPNETCORE_URLS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"]))
        {
            Assert.True(actual.ContainsKey(name), $"{service} lacks {name}");
            Assert.Equal(declared[name], actual[name]);
        }

        Assert.All(absent, name => Assert.False(actual.ContainsKey(name), $"{service} has {name}"));
        Assert.Equal(service, actual["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public void Connection_strings_and_endpoints_have_aspires_forms()
    {
        var orders = platform.App.GetEnvironment("orders");
        var carts = platform.App.GetEnvironment("carts");

        Assert.Matches("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[^;]{22,};Database=ordersdb$", orders["ConnectionStrings__ordersdb"]);
        Assert.Matches("^localhost:[0-9]+,password=[A-Za-z0-9]{22,}$", carts["ConnectionStrings__cache"]);
        Assert.Equal(platform.App.GetEndpoint("products").ToString().TrimEnd('/'), orders["services__products__http__0"]);
        Assert.Equal(platform.App.GetEndpoint("carts").ToString().TrimEnd('/'), orders["services__carts__http__0"]);
    }

    private int ProcessOf(string service)
    {
        var url = platform.App.GetEnvironment(service)["ASPNETCORE_URLS"];
        return platform.App.ProcessIds().Single(pid => Processes.IsAlive(pid) && File.Exists($"/proc/{pid}/environ") &&
            Processes.EnvironmentOf(pid).TryGetValue("ASPNETCORE_URLS", out var value) && value == url);
    }
}
