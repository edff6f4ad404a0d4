using MassTransit;
using Mla.Contracts.Rules;
using Mla.Rules.Desired;

namespace Mla.Rules.Consumers;

internal sealed class ApplyRuleGroupDeleted(DesiredRules desired) : IConsumer<RuleGroupDeleted>
{
    public Task Consume(ConsumeContext<RuleGroupDeleted> context)
    {
        desired.Apply(context.Message.RuleGroup, context.Message.Seed, context.Message.OccurredAt, deleted: true);
        return Task.CompletedTask;
    }
}
