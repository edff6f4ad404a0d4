using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Tenants.Reconciliation;

namespace Mla.Tenants.Consumers;

internal sealed class ReconcileTenantOnClusterCreated(TenantReconciler reconciler) : IConsumer<ClusterCreated>
{
    public Task Consume(ConsumeContext<ClusterCreated> context) =>
        reconciler.ReconcileAsync(DesiredTenant.FromCluster(context.Message.Cluster, false, context.Message.OccurredAt), context.CancellationToken);
}
