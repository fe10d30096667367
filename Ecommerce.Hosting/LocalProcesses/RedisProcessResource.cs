using Aspire.Hosting.ApplicationModel;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>Aspire's <see cref="RedisResource"/> run from the local redis-server, with the same password and connection string.</summary>
public sealed class RedisProcessResource(RedisResource redis) : LocalServerResource(redis, "redis-server")
{
    public RedisResource Redis { get; } = redis;

    public override ReferenceExpression ConnectionStringExpression => Redis.PasswordParameter is { } password
        ? ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={password}")
        : ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");

    /// <summary>The configuration file the server reads: it holds the password, which the command line would show to any user.</summary>
    public string ConfigFile => Path.Combine(DataDirectory, "redis.conf");

    internal override string Package => "redis-server";

    internal override bool IsInstalled() => RedisBinaries.FindServerOrNull() is not null;

    internal override string FindCommand() => RedisBinaries.FindServer();
}
