using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Rules.Desired;

namespace Mla.Rules.Consumers;

internal sealed class ApplyClusterDeleted(DesiredRules desired) : IConsumer<ClusterDeleted>
{
    public Task Consume(ConsumeContext<ClusterDeleted> context)
    {
        desired.Apply(context.Message.Cluster, context.Message.OccurredAt, deleted: true);
        return Task.CompletedTask;
    }
}
