using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Rules.Desired;

namespace Mla.Rules.Consumers;

internal sealed class ApplyClusterCreated(DesiredRules desired) : IConsumer<ClusterCreated>
{
    public Task Consume(ConsumeContext<ClusterCreated> context)
    {
        desired.Apply(context.Message.Cluster, context.Message.OccurredAt, deleted: false);
        return Task.CompletedTask;
    }
}
