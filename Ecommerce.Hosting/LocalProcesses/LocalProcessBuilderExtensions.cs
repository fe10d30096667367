using Aspire.Hosting.ApplicationModel;
using Ecommerce.Hosting.LocalProcesses;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// Runs PostgreSQL and Redis as local processes when no container runtime answers (Aspire itself then refuses to
/// start). With a container runtime they stay Aspire's containers, untouched; publishing never changes.
/// </summary>
public static class LocalProcessBuilderExtensions
{
    public static IResourceBuilder<PostgresServerResource> WithLocalProcessFallback(this IResourceBuilder<PostgresServerResource> builder)
    {
        if (!builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        var process = new PostgresProcessResource(builder.Resource);
        string? userName = null;
        var healthCheckKey = $"{process.Name}_local_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => process.IsReady() ? process.SocketConnectionString(userName!) : throw new InvalidOperationException($"'{process.Name}' is starting."),
            name: healthCheckKey);

        builder.ApplicationBuilder.CreateResourceBuilder(process)
            .WithIconName("DatabaseMultiple")
            .WithArgs(context =>
            {
                foreach (var argument in PostgresProcess.Arguments(process))
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheckKey)
            .OnBeforeResourceStarted(async (process, _, cancellationToken) =>
            {
                userName = await process.Server.UserNameReference.GetValueAsync(cancellationToken);
                var password = await process.Server.PasswordParameter.GetValueAsync(cancellationToken);
                await PostgresProcess.InitialiseAsync(process, userName!, password!, cancellationToken);
            })
            .OnResourceReady(async (process, @event, cancellationToken) =>
            {
                var password = await process.Server.PasswordParameter.GetValueAsync(cancellationToken);
                await PostgresProcess.PrepareDatabasesAsync(process, userName!, password!, cancellationToken);
                await DatabaseStates.PublishRunningAsync(process, @event.Services, cancellationToken);
            })
            .OnResourceStopped((process, @event, _) => DatabaseStates.PublishStoppedAsync(process, @event));

        return builder.WithLocalProcessFallback(process);
    }

    public static IResourceBuilder<RedisResource> WithLocalProcessFallback(this IResourceBuilder<RedisResource> builder)
    {
        if (!builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        var process = new RedisProcessResource(builder.Resource);
        string? connectionString = null;
        var healthCheckKey = $"{process.Name}_local_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"'{process.Name}' has no connection string yet."),
            name: healthCheckKey);

        builder.ApplicationBuilder.CreateResourceBuilder(process)
            .WithIconName("Memory")
            .WithArgs(context => context.Args.Add(process.ConfigFile))
            .WithHealthCheck(healthCheckKey)
            .OnBeforeResourceStarted(async (process, _, cancellationToken) =>
            {
                var password = process.Redis.PasswordParameter is { } parameter ? await parameter.GetValueAsync(cancellationToken) : null;
                await RedisProcess.WriteConfigurationAsync(process, password, cancellationToken);
            })
            .OnConnectionStringAvailable(async (process, _, cancellationToken) =>
                connectionString = await process.ConnectionStringExpression.GetValueAsync(cancellationToken));

        return builder.WithLocalProcessFallback(process);
    }

    private static IResourceBuilder<T> WithLocalProcessFallback<T>(this IResourceBuilder<T> builder, LocalServerResource process)
        where T : ContainerResource
    {
        var services = builder.ApplicationBuilder.Services;
        if (services.SingleOrDefault(service => service.ServiceType == typeof(LocalProcessSubstitution))?.ImplementationInstance is not LocalProcessSubstitution substitution)
        {
            // One decision for the whole model, however many resources have a fallback.
            substitution = new LocalProcessSubstitution(builder.ApplicationBuilder.AppHostDirectory);
            services.AddSingleton(substitution);
            builder.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>(substitution.OnBeforeStartAsync);
        }

        substitution.Add(process);
        builder.ApplicationBuilder.CreateResourceBuilder(process).OnResourceEndpointsAllocated((process, _, _) =>
        {
            process.ShareAllocatedEndpoint();
            return Task.CompletedTask;
        });
        return builder;
    }
}
