using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Tenants.Reconciliation;

namespace Mla.Tenants.Consumers;

internal sealed class ReconcileTenantOnClusterUpdated(TenantReconciler reconciler) : IConsumer<ClusterUpdated>
{
    public Task Consume(ConsumeContext<ClusterUpdated> context) =>
        reconciler.ReconcileAsync(DesiredTenant.FromCluster(context.Message.Cluster, false, context.Message.OccurredAt), context.CancellationToken);
}
