using Ecommerce.Hosting.LocalProcesses;
using Microsoft.Extensions.Configuration;

namespace Ecommerce.Hosting.Tests;

public class ContainerRuntimeProbeTests
{
    [Fact]
    public async Task A_missing_command_is_not_a_runtime()
    {
        Assert.False(await ContainerRuntimeProbe.AnswersAsync("no-such-container-runtime", CancellationToken.None));
    }

    [Fact]
    public async Task A_command_that_succeeds_is_a_runtime()
    {
        // 'true info' exits 0, as 'docker info' does when its engine answers.
        Assert.True(await ContainerRuntimeProbe.AnswersAsync("true", CancellationToken.None));
    }

    [Theory]
    [InlineData(null, null, "docker")]
    [InlineData("podman", null, "podman")]
    [InlineData(null, "podman", "podman")]
    public void The_runtime_is_the_one_aspire_is_configured_to_use(string? current, string? legacy, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ASPIRE_CONTAINER_RUNTIME"] = current,
            ["DOTNET_ASPIRE_CONTAINER_RUNTIME"] = legacy,
        }).Build();

        Assert.Equal(expected, ContainerRuntimeProbe.RuntimeName(configuration));
    }
}
