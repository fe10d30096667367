using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Hosting.LocalProcesses;

/// <summary>
/// Aspire gives a container's databases their state from the container's; a local server's databases get theirs
/// here, so that their own health checks run and <c>WaitFor(database)</c> is released only once each exists.
/// </summary>
internal static class DatabaseStates
{
    public static async Task PublishRunningAsync(PostgresProcessResource process, IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var database in DatabasesOf(process, services))
        {
            // Aspire's database resource learns its connection string (for its health check and the dashboard) from this event.
            await services.GetRequiredService<IDistributedApplicationEventing>().PublishAsync(new ConnectionStringAvailableEvent(database, services), cancellationToken);
        }

        await PublishAsync(process, services, KnownResourceStates.Running, started: DateTime.UtcNow, stopped: null);
    }

    public static Task PublishStoppedAsync(PostgresProcessResource process, ResourceStoppedEvent @event) =>
        PublishAsync(process, @event.Services, @event.ResourceEvent.Snapshot.State, started: null, stopped: DateTime.UtcNow);

    private static async Task PublishAsync(PostgresProcessResource process, IServiceProvider services, ResourceStateSnapshot? state, DateTime? started, DateTime? stopped)
    {
        foreach (var database in DatabasesOf(process, services))
        {
            await services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, snapshot => snapshot with
            {
                State = state,
                StartTimeStamp = started ?? snapshot.StartTimeStamp,
                StopTimeStamp = stopped,
            });
        }
    }

    private static IEnumerable<PostgresDatabaseResource> DatabasesOf(PostgresProcessResource process, IServiceProvider services) =>
        services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<PostgresDatabaseResource>()
            .Where(database => database.Parent == process.Server);
}
