using MassTransit;
using Mla.Contracts.Tenants;

namespace Mla.Webhooks.KkpWatch;

/// <summary>
/// Mla.Tenants reports a tenant deprovisioned (credentials revoked, data handled): the cleanup barrier of its cluster
/// is met for the <c>tenants</c> service, and the seed loops look at the cluster's finalizer at once.
/// </summary>
public sealed class RecordCleanupOnTenantDeprovisioned(CleanupReportStore store, CleanupSignal signal, ILogger<RecordCleanupOnTenantDeprovisioned> logger)
    : IConsumer<TenantDeprovisioned>
{
    public async Task Consume(ConsumeContext<TenantDeprovisioned> context)
    {
        var tenant = context.Message.Tenant;
        await store.ReportCleanedAsync(tenant.ClusterId, CleanupReporters.Tenants, context.Message.OccurredAt, context.CancellationToken);
        logger.LogInformation("Cluster {ClusterId} of seed {Seed}: the tenants service reported it cleaned up", tenant.ClusterId, tenant.Seed);
        signal.Notify(tenant.ClusterId);
    }
}
