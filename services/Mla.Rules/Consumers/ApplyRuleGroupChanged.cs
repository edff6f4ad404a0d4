using MassTransit;
using Mla.Contracts.Rules;
using Mla.Rules.Desired;

namespace Mla.Rules.Consumers;

internal sealed class ApplyRuleGroupChanged(DesiredRules desired) : IConsumer<RuleGroupChanged>
{
    public Task Consume(ConsumeContext<RuleGroupChanged> context)
    {
        desired.Apply(context.Message.RuleGroup, context.Message.Seed, context.Message.OccurredAt, deleted: false);
        return Task.CompletedTask;
    }
}
