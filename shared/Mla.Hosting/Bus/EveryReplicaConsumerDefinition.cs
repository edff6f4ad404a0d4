using MassTransit;

namespace Mla.Hosting.Bus;

/// <summary>
/// For consumers that keep a local copy of shared state (the gateways' tenant table, the writers' deleted tenants):
/// every replica gets every message on its own temporary queue (auto-deleted when the replica goes), instead of the
/// replicas sharing one queue. A replica that was away catches up by re-reading the full state, not from its queue.
/// </summary>
public sealed class EveryReplicaConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public EveryReplicaConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Temporary = true;
            endpoint.InstanceId = Environment.MachineName.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..8];
        });
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        consumerConfigurator.UseMessageRetry(retry => retry.Intervals(50, 200, 1000));
    }
}
