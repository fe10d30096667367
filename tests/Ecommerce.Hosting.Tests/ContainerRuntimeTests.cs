using Ecommerce.Hosting.Local;

namespace Ecommerce.Hosting.Tests;

public class ContainerRuntimeTests
{
    private readonly ContainerRuntime _docker = new("docker");

    [Fact]
    public async Task The_first_runtime_whose_engine_answers_is_chosen()
    {
        var asked = new List<string>();

        var runtime = await ContainerRuntime.DetectAsync(command =>
        {
            asked.Add(command);
            return Task.FromResult(command == "podman");
        });

        Assert.Equal("podman", runtime?.Command);
        Assert.Equal(["docker", "podman"], asked);
    }

    [Fact]
    public async Task No_runtime_is_chosen_when_no_engine_answers()
    {
        Assert.Null(await ContainerRuntime.DetectAsync(_ => Task.FromResult(false)));
    }

    [Fact]
    public async Task A_client_without_an_engine_is_not_a_runtime()
    {
        // This machine has the docker client and no engine: detection must look past the command existing.
        Assert.Null(await ContainerRuntime.DetectAsync());
    }

    [Fact]
    public void Postgres_runs_on_loopback_with_its_password_from_the_environment_and_its_volume()
    {
        var run = _docker.RunPostgres("ecommerce-postgres-5432", 5432, "s3cret", "ecommerce-postgres-data");

        Assert.Equal("docker", run.FileName);
        Assert.Equal(
            ["run", "--rm", "--name", "ecommerce-postgres-5432", "--label", "ecommerce.apphost", "-p", "127.0.0.1:5432:5432",
             "-v", "ecommerce-postgres-data:/var/lib/postgresql/data", "-e", "POSTGRES_USER=postgres", "-e", "POSTGRES_PASSWORD",
             "docker.io/library/postgres:17.6"],
            run.ArgumentList);
        Assert.Equal("s3cret", run.Environment["POSTGRES_PASSWORD"]);
        Assert.DoesNotContain(run.ArgumentList, argument => argument.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Redis_without_a_volume_keeps_nothing_and_takes_its_password_from_the_environment()
    {
        var run = _docker.RunRedis("ecommerce-redis-6380", 6380, "pw", volume: null);

        Assert.Equal(
            ["run", "--rm", "--name", "ecommerce-redis-6380", "--label", "ecommerce.apphost", "-p", "127.0.0.1:6380:6379",
             "-e", "REDIS_PASSWORD", "docker.io/library/redis:7.4", "/bin/sh", "-c", "redis-server --requirepass \"$REDIS_PASSWORD\" --save ''"],
            run.ArgumentList);
        Assert.Equal("pw", run.Environment["REDIS_PASSWORD"]);
    }

    [Fact]
    public void Redis_with_a_volume_appends_to_its_file()
    {
        var run = _docker.RunRedis("ecommerce-redis-6380", 6380, "pw", "ecommerce-cache-data");

        Assert.Contains("ecommerce-cache-data:/data", run.ArgumentList);
        Assert.EndsWith("--appendonly yes", run.ArgumentList[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_and_cleaning_up_go_through_the_engine()
    {
        Assert.Equal(["stop", "--time", "10", "ecommerce-redis-6380"], _docker.Stop("ecommerce-redis-6380").ArgumentList);
        Assert.Equal("docker ps -aq --filter label=ecommerce.apphost | xargs -r docker rm -f", _docker.RemoveLeftovers().ArgumentList[^1]);
    }
}
