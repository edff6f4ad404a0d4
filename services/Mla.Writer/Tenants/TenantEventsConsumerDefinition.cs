using MassTransit;

namespace Mla.Writer.Tenants;

/// <summary>
/// Every writer replica keeps its own table, so each needs every tenant event: a temporary queue per process
/// (auto-deleted when it stops; the tenant list read at start covers what it missed) instead of one queue the
/// replicas would share. A few quick retries; an event that still fails goes to the error queue.
/// </summary>
internal sealed class TenantEventsConsumerDefinition : ConsumerDefinition<UpdateDeletedTenantsOnTenantEvent>
{
    public TenantEventsConsumerDefinition() =>
        Endpoint(endpoint =>
        {
            endpoint.InstanceId = Guid.NewGuid().ToString("N")[..12];
            endpoint.Temporary = true;
        });

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<UpdateDeletedTenantsOnTenantEvent> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(retry => retry.Intervals(50, 200, 1000));
}
