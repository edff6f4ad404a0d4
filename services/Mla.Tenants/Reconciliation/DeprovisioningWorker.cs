using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Tenants.Store;
using Mla.Hosting.Loops;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// With <c>Mla:Tenants:PurgeDataOnDelete</c> on: finishes every Deprovisioning tenant whose deprovisioning started at
/// least <c>Purge:Delay</c> ago (purge, verify, Deleted). A purge that is not verified is tried again after
/// <c>Purge:RetryInterval</c>. Level-triggered from the store, so a restart picks up where the last process stopped.
/// </summary>
internal sealed class DeprovisioningWorker(
    TenantReconciler reconciler,
    ITenantStore store,
    IOptions<TenantsOptions> options,
    TimeProvider time,
    ILogger<DeprovisioningWorker> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("tenants-deprovisioning", supervisor)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, DateTimeOffset> _retryAfter = new(StringComparer.Ordinal);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PurgeDataOnDelete)
        {
            logger.LogInformation("Purge on delete is off: a deleted tenant's data stays in storage (Mla:Tenants:PurgeDataOnDelete)");
            return;
        }

        logger.LogInformation(
            "Purge on delete is on: a deleted tenant's data is purged from {Stores} {Delay} after its credentials are revoked",
            string.Join(", ", options.Value.Purge.Stores.Keys), options.Value.Purge.Delay);
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FinishDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError("Deprovisioning check failed ({Error}: {Message}); next try in {Tick}", ex.GetType().Name, ex.Message, Tick);
            }
        }
    }

    private async Task FinishDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value.Purge;
        foreach (var tenant in await store.ListAsync(new TenantQuery(Status: TenantStatus.Deprovisioning), cancellationToken))
        {
            if (now < tenant.StatusChangedAt + settings.Delay || (_retryAfter.TryGetValue(tenant.Id, out var after) && now < after))
            {
                continue;
            }

            var result = await reconciler.FinishDeprovisioningAsync(tenant.Id, cancellationToken);
            if (result is { Verified: false })
            {
                _retryAfter[tenant.Id] = time.GetUtcNow() + settings.RetryInterval;
            }
            else
            {
                _retryAfter.Remove(tenant.Id);
            }
        }
    }
}
