using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;

namespace Mla.Exporters.Fleet;

/// <summary>Cluster and tenant events into the fleet state (every replica gets every event); the export loop acts on them.</summary>
internal sealed class FollowFleetEvents(FleetState fleet)
    : IConsumer<ClusterCreated>,
        IConsumer<ClusterUpdated>,
        IConsumer<ClusterDeleted>,
        IConsumer<TenantProvisioned>,
        IConsumer<TenantCredentialsChanged>,
        IConsumer<TenantLimitsChanged>,
        IConsumer<TenantDeprovisioningStarted>,
        IConsumer<TenantDeprovisioned>
{
    public Task Consume(ConsumeContext<ClusterCreated> context) => Cluster(context.Message.Cluster, context.Message.OccurredAt, deleted: false);

    public Task Consume(ConsumeContext<ClusterUpdated> context) => Cluster(context.Message.Cluster, context.Message.OccurredAt, deleted: false);

    public Task Consume(ConsumeContext<ClusterDeleted> context) => Cluster(context.Message.Cluster, context.Message.OccurredAt, deleted: true);

    public Task Consume(ConsumeContext<TenantProvisioned> context) => Tenant(context.Message.Tenant);

    public Task Consume(ConsumeContext<TenantCredentialsChanged> context) => Tenant(context.Message.Tenant);

    public Task Consume(ConsumeContext<TenantLimitsChanged> context) => Tenant(context.Message.Tenant);

    public Task Consume(ConsumeContext<TenantDeprovisioningStarted> context) => Tenant(context.Message.Tenant);

    public Task Consume(ConsumeContext<TenantDeprovisioned> context) => Tenant(context.Message.Tenant);

    private Task Cluster(ClusterState cluster, DateTimeOffset occurredAt, bool deleted)
    {
        fleet.ObserveCluster(cluster, occurredAt, deleted);
        return Task.CompletedTask;
    }

    private Task Tenant(TenantState tenant)
    {
        // A credentials change keeps the tenant's state otherwise equal: queue the cluster in any case.
        fleet.ObserveTenant(tenant);
        fleet.MarkDirty(tenant.ClusterId);
        return Task.CompletedTask;
    }
}
