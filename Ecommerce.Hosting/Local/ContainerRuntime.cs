using System.Diagnostics;
using System.Globalization;

namespace Ecommerce.Hosting.Local;

/// <summary>
/// docker or podman, when one of them has an engine that answers (the client alone is not enough). Postgres and
/// Redis then run as containers, as Aspire runs them; otherwise from local binaries.
/// </summary>
public sealed class ContainerRuntime(string command)
{
    public const string PostgresImage = "docker.io/library/postgres:17.6";
    public const string RedisImage = "docker.io/library/redis:7.4";

    /// <summary>Every container a run starts carries it, so that the next run can remove what a killed AppHost left.</summary>
    public const string Label = "ecommerce.apphost";

    public string Command { get; } = command;

    /// <summary>The first of docker and podman whose <c>info</c> succeeds, or null.</summary>
    public static async Task<ContainerRuntime?> DetectAsync(Func<string, Task<bool>>? answers = null)
    {
        answers ??= InfoSucceedsAsync;
        foreach (var command in new[] { "docker", "podman" })
        {
            if (await answers(command))
            {
                return new ContainerRuntime(command);
            }
        }

        return null;
    }

    public ProcessStartInfo RunPostgres(string containerName, int hostPort, string password, string? volume)
    {
        var run = Run(containerName, hostPort, 5432, volume is null ? null : $"{volume}:/var/lib/postgresql/data");
        run.ArgumentList.Add("-e");
        run.ArgumentList.Add("POSTGRES_USER=postgres");
        run.ArgumentList.Add("-e");
        run.ArgumentList.Add("POSTGRES_PASSWORD");
        run.Environment["POSTGRES_PASSWORD"] = password;
        run.ArgumentList.Add(PostgresImage);
        return run;
    }

    public ProcessStartInfo RunRedis(string containerName, int hostPort, string password, string? volume)
    {
        var run = Run(containerName, hostPort, 6379, volume is null ? null : $"{volume}:/data");
        run.ArgumentList.Add("-e");
        run.ArgumentList.Add("REDIS_PASSWORD");
        run.Environment["REDIS_PASSWORD"] = password;
        run.ArgumentList.Add(RedisImage);

        // The password comes from the environment, not the command line, where any user's ps would show it.
        run.ArgumentList.Add("/bin/sh");
        run.ArgumentList.Add("-c");
        run.ArgumentList.Add(volume is null
            ? "redis-server --requirepass \"$REDIS_PASSWORD\" --save ''"
            : "redis-server --requirepass \"$REDIS_PASSWORD\" --appendonly yes");
        return run;
    }

    public ProcessStartInfo Stop(string containerName) => new(Command) { ArgumentList = { "stop", "--time", "10", containerName } };

    /// <summary>Removes the containers of earlier runs: a killed AppHost cannot stop what the engine, not it, runs.</summary>
    public ProcessStartInfo RemoveLeftovers() =>
        new("/bin/sh") { ArgumentList = { "-c", $"{Command} ps -aq --filter label={Label} | xargs -r {Command} rm -f" } };

    private ProcessStartInfo Run(string containerName, int hostPort, int containerPort, string? volume)
    {
        var run = new ProcessStartInfo(Command)
        {
            ArgumentList =
            {
                "run", "--rm", "--name", containerName, "--label", Label,
                "-p", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{hostPort}:{containerPort}"),
            },
        };
        if (volume is not null)
        {
            run.ArgumentList.Add("-v");
            run.ArgumentList.Add(volume);
        }

        return run;
    }

    private static async Task<bool> InfoSucceedsAsync(string command)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }
}
