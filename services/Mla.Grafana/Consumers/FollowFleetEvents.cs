using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Contracts.Users;
using Mla.Grafana.Desired;
using Mla.Grafana.Hosting;

namespace Mla.Grafana.Consumers;

/// <summary>Project, cluster and user (admin flag) events into the desired state (newest per object wins), then a sync soon. Idempotent.</summary>
internal sealed class FollowFleetEvents(GrafanaDesiredState desired, GrafanaSyncLoop loop)
    : IConsumer<ProjectCreated>, IConsumer<ProjectUpdated>, IConsumer<ProjectMembershipChanged>, IConsumer<ProjectDeleted>,
      IConsumer<ClusterCreated>, IConsumer<ClusterUpdated>, IConsumer<ClusterDeleted>,
      IConsumer<UserChanged>, IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<ProjectCreated> context) => Apply(() => desired.ApplyProject(context.Message.Project, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<ProjectUpdated> context) => Apply(() => desired.ApplyProject(context.Message.Project, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<ProjectMembershipChanged> context) => Apply(() => desired.ApplyProject(context.Message.Project, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<ProjectDeleted> context) => Apply(() => desired.DeleteProject(context.Message.Project.Id, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<ClusterCreated> context) => Apply(() => desired.ApplyCluster(context.Message.Cluster, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<ClusterUpdated> context) => Apply(() => desired.ApplyCluster(context.Message.Cluster, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<ClusterDeleted> context) => Apply(() => desired.DeleteCluster(context.Message.Cluster.Id, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<UserChanged> context) =>
        Apply(() => desired.ApplyUser(context.Message.User.Id, context.Message.User.Email, context.Message.User.IsAdmin, deleted: false, context.Message.OccurredAt));

    public Task Consume(ConsumeContext<UserDeleted> context) =>
        Apply(() => desired.ApplyUser(context.Message.User.Id, context.Message.User.Email, context.Message.User.IsAdmin, deleted: true, context.Message.OccurredAt));

    private Task Apply(Action change)
    {
        change();
        loop.Wake();
        return Task.CompletedTask;
    }
}
