using MassTransit;
using Mla.Contracts.Settings;
using Mla.Tenants.Reconciliation;

namespace Mla.Tenants.Consumers;

internal sealed class ReconcileTenantOnMlaSettingsChanged(TenantReconciler reconciler) : IConsumer<MlaSettingsChanged>
{
    public Task Consume(ConsumeContext<MlaSettingsChanged> context) =>
        reconciler.ReconcileAsync(DesiredTenant.FromSettings(context.Message.Settings, context.Message.OccurredAt), context.CancellationToken);
}
