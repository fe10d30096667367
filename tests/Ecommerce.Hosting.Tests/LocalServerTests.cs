using Ecommerce.Hosting.Local;
using Ecommerce.TestSupport;
using Npgsql;

namespace Ecommerce.Hosting.Tests;

/// <summary>The launchers the AppHost and the tests share, against the real binaries.</summary>
public class LocalServerTests
{
    [Fact]
    public async Task Postgres_keeps_its_data_across_a_restart_on_the_same_port_and_stops_without_a_trace()
    {
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        try
        {
            var connectionString = await postgres.CreateDatabaseAsync("kept");
            await ExecuteAsync(connectionString, "CREATE TABLE t (v int); INSERT INTO t VALUES (42)");
            var pid = postgres.Server.Process!.Id;

            await postgres.Server.StopAsync();
            Assert.False(Directory.Exists($"/proc/{pid}"), "postgres is still running after stop");
            await postgres.Server.StartAsync();

            Assert.Equal(42, await ExecuteAsync(connectionString, "SELECT v FROM t"));
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task Postgres_refuses_a_port_that_is_taken_with_a_message_that_names_it()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<HostingException>(() => PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "unused"),
            Port = port,
            Password = "pw",
        }));

        Assert.Contains($"Port {port} is already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_requires_its_password_keeps_it_off_the_command_line_and_restarts_on_the_same_port()
    {
        var redis = new RedisFixture();
        await redis.InitializeAsync();
        try
        {
            Assert.Equal("-NOAUTH", (await SendAsync(redis.Server.Port, "PING"))[..7]);
            var commandLine = await File.ReadAllTextAsync($"/proc/{redis.Server.Process!.Id}/cmdline");
            Assert.DoesNotContain(redis.Server.ConnectionString.Split("password=")[1], commandLine, StringComparison.Ordinal);
            var port = redis.Server.Port;

            await redis.Server.StopAsync();
            await redis.Server.StartAsync();

            Assert.Equal(port, redis.Server.Port);
            Assert.StartsWith($"127.0.0.1:{port},password=", redis.Server.ConnectionString, StringComparison.Ordinal);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is int value ? value : 0;
    }

    private static async Task<string> SendAsync(int port, string command)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{command}\r\n"));
        var buffer = new byte[128];
        var read = await stream.ReadAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }
}
