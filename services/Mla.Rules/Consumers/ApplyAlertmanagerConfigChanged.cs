using MassTransit;
using Mla.Contracts.Alertmanager;
using Mla.Rules.Desired;

namespace Mla.Rules.Consumers;

internal sealed class ApplyAlertmanagerConfigChanged(DesiredRules desired) : IConsumer<AlertmanagerConfigChanged>
{
    public Task Consume(ConsumeContext<AlertmanagerConfigChanged> context)
    {
        desired.Apply(context.Message.Config, context.Message.Seed, context.Message.OccurredAt, deleted: false);
        return Task.CompletedTask;
    }
}
