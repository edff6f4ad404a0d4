using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Rules.Desired;

namespace Mla.Rules.Consumers;

internal sealed class ApplyClusterUpdated(DesiredRules desired) : IConsumer<ClusterUpdated>
{
    public Task Consume(ConsumeContext<ClusterUpdated> context)
    {
        desired.Apply(context.Message.Cluster, context.Message.OccurredAt, deleted: false);
        return Task.CompletedTask;
    }
}
