using MassTransit;

namespace Mla.Tenants.Reconciliation;

/// <summary>Publishes on the process's bus; on RabbitMQ a completed publish means the broker confirmed it.</summary>
internal sealed class BusTenantEvents(IBus bus) : ITenantEvents
{
    public Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : class =>
        bus.Publish(message, cancellationToken);
}
