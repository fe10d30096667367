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
        var eventing = services.GetRequiredService<IDistributedApplicationEventing>();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var database in DatabasesOf(process, services))
        {
            // Aspire's database resource learns its connection string (for its health check and the dashboard) from this event.
            await eventing.PublishAsync(new ConnectionStringAvailableEvent(database, services), cancellationToken);
            await notifications.PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                StopTimeStamp = null,
            });
        }
    }

    public static async Task PublishStoppedAsync(PostgresProcessResource process, ResourceStoppedEvent @event)
    {
        var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var database in DatabasesOf(process, @event.Services))
        {
            await notifications.PublishUpdateAsync(database, state => state with
            {
                State = @event.ResourceEvent.Snapshot.State,
                StopTimeStamp = DateTime.UtcNow,
            });
        }
    }

    private static IEnumerable<PostgresDatabaseResource> DatabasesOf(PostgresProcessResource process, IServiceProvider services) =>
        services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<PostgresDatabaseResource>()
            .Where(database => database.Parent == process.Server);
}
