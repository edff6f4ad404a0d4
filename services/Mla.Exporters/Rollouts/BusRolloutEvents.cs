using MassTransit;
using Mla.Contracts;

namespace Mla.Exporters.Rollouts;

/// <summary>Publishes rollout events on the bus (by their runtime type), when the service has one.</summary>
internal sealed class BusRolloutEvents(IServiceProvider services) : IRolloutEvents
{
    public Task PublishAsync(IIntegrationEvent message, CancellationToken cancellationToken) =>
        services.GetService<IBus>() is { } bus ? bus.Publish((object)message, cancellationToken) : Task.CompletedTask;
}
