using MassTransit;
using Mla.Contracts.Clusters;
using Mla.Tenants.Reconciliation;

namespace Mla.Tenants.Consumers;

internal sealed class ReconcileTenantOnClusterDeleted(TenantReconciler reconciler) : IConsumer<ClusterDeleted>
{
    public Task Consume(ConsumeContext<ClusterDeleted> context) =>
        reconciler.ReconcileAsync(DesiredTenant.FromCluster(context.Message.Cluster, true, context.Message.OccurredAt), context.CancellationToken);
}
