using MassTransit;

namespace Mla.Webhooks.KkpWatch;

/// <summary>One queue shared by the replicas (the report lands in the shared catalog database); a few quick retries, then the error queue.</summary>
public sealed class RecordCleanupConsumerDefinition : ConsumerDefinition<RecordCleanupOnTenantDeprovisioned>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordCleanupOnTenantDeprovisioned> consumerConfigurator,
        IRegistrationContext context)
    {
        consumerConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 2000, 5000));
    }
}
