using MassTransit;
using Mla.Contracts.Alertmanager;
using Mla.Rules.Desired;

namespace Mla.Rules.Consumers;

internal sealed class ApplyAlertmanagerConfigDeleted(DesiredRules desired) : IConsumer<AlertmanagerConfigDeleted>
{
    public Task Consume(ConsumeContext<AlertmanagerConfigDeleted> context)
    {
        desired.Apply(context.Message.Config, context.Message.Seed, context.Message.OccurredAt, deleted: true);
        return Task.CompletedTask;
    }
}
