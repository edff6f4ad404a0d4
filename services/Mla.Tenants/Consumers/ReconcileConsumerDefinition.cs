using MassTransit;

namespace Mla.Tenants.Consumers;

/// <summary>
/// Retry policy of every tenant consumer: a few quick retries (a busy database, a lost race), then slower retries
/// that outlast a short outage, then the error queue. Never acknowledge and drop. (Delayed redelivery through the
/// broker would need RabbitMQ's delayed-message plugin, which MLA does not require.)
/// </summary>
internal sealed class ReconcileConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)));
        consumerConfigurator.UseMessageRetry(retry => retry.Intervals(50, 200, 1000));
    }
}
