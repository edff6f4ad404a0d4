using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Tenants.Credentials;
using Mla.Tenants.Store;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// Level-triggered and idempotent: every event (created, updated, deleted, settings, resync) is handled the same
/// way — read the stored tenant, compare with what the event wants, write only what differs. Events of one tenant
/// run one at a time in this process. Tenant events are published before the final status write, so a crash in
/// between re-publishes on redelivery (at-least-once) instead of losing the event.
/// </summary>
public sealed class TenantReconciler(
    ITenantStore store,
    CertificateIssuer issuer,
    ITenantEvents events,
    TenantMetrics metrics,
    KeyedLock locks,
    IOptions<TenantsOptions> options,
    TimeProvider time,
    ILogger<TenantReconciler> logger)
{
    public async Task<ReconcileOutcome> ReconcileAsync(DesiredTenant desired, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(desired.ClusterId, cancellationToken))
        {
            var outcome = desired.Cluster is { } cluster
                ? await ReconcileClusterAsync(desired.ClusterId, cluster, desired.OccurredAt, cancellationToken)
                : await ReconcileLimitsAsync(desired.Limits!, cancellationToken);
            metrics.Events.WithLabels(desired.Cluster is null ? "settings" : "cluster", outcome.ToString().ToLowerInvariant()).Inc();
            return outcome;
        }
    }

    /// <summary>The periodic check: every Ready tenant whose certificate reached two thirds of its lifetime gets a new one.</summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var renewed = 0;
        foreach (var listed in await store.ListAsync(new TenantQuery(Status: TenantStatus.Ready), cancellationToken))
        {
            using (await locks.AcquireAsync(listed.Id, cancellationToken))
            {
                var tenant = await store.GetAsync(listed.Id, cancellationToken);
                if (tenant?.Status == TenantStatus.Ready && (await EnsureCertificateAsync(tenant, cancellationToken)).Issued)
                {
                    renewed++;
                }
            }
        }

        return renewed;
    }

    private async Task<ReconcileOutcome> ReconcileClusterAsync(string id, ClusterFacts cluster, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var tenant = await store.GetAsync(id, cancellationToken);
        if (tenant is not null && tenant.ObservedAt > occurredAt)
        {
            logger.LogDebug("Tenant {Tenant}: event of {OccurredAt} is older than the state held, ignored", id, occurredAt);
            return ReconcileOutcome.Stale;
        }

        return cluster.MlaEnabled
            ? await EnsureReadyAsync(id, tenant, cluster, occurredAt, cancellationToken)
            : await HandleDeletionAsync(tenant, cluster, occurredAt, cancellationToken);
    }

    private async Task<ReconcileOutcome> EnsureReadyAsync(
        string id, TenantRecord? tenant, ClusterFacts cluster, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var overrides = await store.GetOverridesAsync(id, cancellationToken);
        var limits = options.Value.DefaultLimits.Resolve(overrides?.Monitoring, overrides?.Logging);
        var now = time.GetUtcNow();
        var wasReady = tenant?.Status == TenantStatus.Ready;
        var ready = new TenantRecord(
            id, id, cluster.Seed, cluster.ProjectId, TenantStatus.Ready, limits, wasReady ? tenant!.StatusChangedAt : now, occurredAt);
        var changed = false;
        var current = tenant;
        if (!wasReady)
        {
            current = ready with { Status = TenantStatus.Provisioning };
            await SaveAsync(current, cancellationToken);
            changed = true;
        }

        var (certificate, issued) = await EnsureCertificateAsync(ready, cancellationToken);
        changed |= issued;
        if (SameFacts(current!, ready))
        {
            return changed ? ReconcileOutcome.Changed : ReconcileOutcome.Unchanged;
        }

        if (!wasReady)
        {
            await events.PublishAsync(TenantEventFactory.Provisioned(ready, certificate, now), cancellationToken);
            logger.LogInformation("Tenant {Tenant} of seed {Seed} is Ready (certificate {Serial})", id, cluster.Seed, certificate.Serial);
        }
        else if (tenant!.Limits != ready.Limits)
        {
            await events.PublishAsync(TenantEventFactory.LimitsChanged(ready, certificate, now), cancellationToken);
        }

        await SaveAsync(ready, cancellationToken);
        return ReconcileOutcome.Changed;
    }

    private async Task<ReconcileOutcome> HandleDeletionAsync(
        TenantRecord? tenant, ClusterFacts cluster, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        // A cluster that never had a tenant needs none; a deleted one stays deleted without another write.
        if (tenant is null || tenant.Status == TenantStatus.Deleted)
        {
            return ReconcileOutcome.Unchanged;
        }

        var now = time.GetUtcNow();
        var deprovisioning = tenant with
        {
            Seed = cluster.Seed, ProjectId = cluster.ProjectId, Status = TenantStatus.Deprovisioning, ObservedAt = occurredAt,
            StatusChangedAt = tenant.Status == TenantStatus.Deprovisioning ? tenant.StatusChangedAt : now,
        };
        if (!SameFacts(tenant, deprovisioning))
        {
            await SaveAsync(deprovisioning, cancellationToken);
        }

        var revoked = await store.RevokeCertificatesAsync(tenant.Id, now, cancellationToken);
        if (revoked > 0)
        {
            metrics.Writes.Inc();
            metrics.CertificatesRevoked.Inc(revoked);
        }

        var deleted = deprovisioning with { Status = TenantStatus.Deleted, StatusChangedAt = now };
        var last = await NewestCertificateAsync(tenant.Id, cancellationToken);
        await events.PublishAsync(TenantEventFactory.Deprovisioned(deleted, last, now), cancellationToken);
        await SaveAsync(deleted, cancellationToken);
        logger.LogInformation("Tenant {Tenant} is Deleted: {Revoked} certificates revoked, purge off", tenant.Id, revoked);
        return ReconcileOutcome.Changed;
    }

    private async Task<ReconcileOutcome> ReconcileLimitsAsync(LimitOverrides overrides, CancellationToken cancellationToken)
    {
        var stored = await store.GetOverridesAsync(overrides.ClusterId, cancellationToken);
        if (stored is not null && stored.OccurredAt > overrides.OccurredAt)
        {
            return ReconcileOutcome.Stale;
        }

        if (stored is not null && stored.Monitoring == overrides.Monitoring && stored.Logging == overrides.Logging)
        {
            return ReconcileOutcome.Unchanged;
        }

        await store.SaveOverridesAsync(overrides, cancellationToken);
        metrics.Writes.Inc();
        var tenant = await store.GetAsync(overrides.ClusterId, cancellationToken);
        if (tenant?.Status == TenantStatus.Ready)
        {
            var updated = tenant with { Limits = options.Value.DefaultLimits.Resolve(overrides.Monitoring, overrides.Logging) };
            if (updated.Limits != tenant.Limits)
            {
                var certificate = await NewestCertificateAsync(tenant.Id, cancellationToken);
                await events.PublishAsync(TenantEventFactory.LimitsChanged(updated, certificate, time.GetUtcNow()), cancellationToken);
                await SaveAsync(updated, cancellationToken);
            }
        }

        return ReconcileOutcome.Changed;
    }

    /// <summary>A certificate stays current while unrevoked, from the tenant's seed, and short of two thirds of its lifetime.</summary>
    private async Task<(CertificateRecord Certificate, bool Issued)> EnsureCertificateAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var certificates = await store.ListCertificatesAsync(tenant.Id, cancellationToken);
        var current = certificates.FirstOrDefault(c => c.RevokedAt is null && c.Seed == tenant.Seed && now < c.RenewAt);
        if (current is not null)
        {
            return (current, false);
        }

        var issued = await issuer.IssueAsync(tenant.Id, tenant.Seed, cancellationToken);
        await store.AddCertificateAsync(issued, cancellationToken);
        metrics.Writes.Inc();
        metrics.CertificatesIssued.Inc();
        logger.LogInformation(
            "Tenant {Tenant}: issued certificate {Serial}, valid until {NotAfter}", tenant.Id, issued.Serial, issued.NotAfter);
        return (issued, true);
    }

    private async Task<CertificateRecord?> NewestCertificateAsync(string tenantId, CancellationToken cancellationToken)
    {
        var certificates = await store.ListCertificatesAsync(tenantId, cancellationToken);
        return certificates.Count > 0 ? certificates[0] : null;
    }

    private async Task SaveAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        await store.SaveAsync(tenant, cancellationToken);
        metrics.Writes.Inc();
    }

    /// <summary>
    /// Equal in everything but the event time: a newer event that changes nothing writes nothing (a resync stays free).
    /// </summary>
    private static bool SameFacts(TenantRecord a, TenantRecord b) =>
        a.Seed == b.Seed && a.ProjectId == b.ProjectId && a.Status == b.Status && a.Limits == b.Limits;
}
