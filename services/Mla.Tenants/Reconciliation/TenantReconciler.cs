using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Tenants.Credentials;
using Mla.Tenants.Purge;
using Mla.Tenants.Store;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// Level-triggered and idempotent: every event (created, updated, deleted, settings, resync) is handled the same
/// way — read the stored tenant, compare with what the event wants, write only what differs. Events of one tenant
/// run one at a time (<see cref="ITenantLocks"/>: in this process on SQLite, across replicas on PostgreSQL). Tenant events are published before the status write that follows them, so a
/// crash in between re-publishes on redelivery (at-least-once) instead of losing the event.
/// <para>
/// Deprovisioning: certificates revoked and token deleted, <see cref="TenantDeprovisioningStarted"/> (gateways refuse
/// the tenant, writers drop its records), then — with purge on — the data purged and verified by
/// <see cref="FinishDeprovisioningAsync"/> (called by the deprovisioning worker after <c>Purge:Delay</c>), and finally
/// <see cref="TenantDeprovisioned"/> with what was purged and the status <c>Deleted</c>.
/// </para>
/// </summary>
public sealed class TenantReconciler(
    ITenantStore store,
    SeedAuthorities authorities,
    CertificateIssuer issuer,
    TenantTokens tokens,
    ITenantDataPurge purge,
    ITenantEvents events,
    TenantMetrics metrics,
    ITenantLocks locks,
    IOptions<TenantsOptions> options,
    TimeProvider time,
    ILogger<TenantReconciler> logger)
{
    public async Task<ReconcileOutcome> ReconcileAsync(DesiredTenant desired, CancellationToken cancellationToken)
    {
        await using (await locks.AcquireAsync(desired.ClusterId, cancellationToken))
        {
            var outcome = desired.Cluster is { } cluster
                ? await ReconcileClusterAsync(desired.ClusterId, cluster, desired.OccurredAt, cancellationToken)
                : await ReconcileLimitsAsync(desired.Limits!, cancellationToken);
            metrics.Events.WithLabels(desired.Cluster is null ? "settings" : "cluster", outcome.ToString().ToLowerInvariant()).Inc();
            return outcome;
        }
    }

    /// <summary>
    /// The periodic check (and a CA rotation's re-issue, for one seed): every Ready tenant whose certificate reached two
    /// thirds of its lifetime, or was not issued by its seed's issuing CA, gets a new one.
    /// </summary>
    public Task<int> RenewDueAsync(CancellationToken cancellationToken) => RenewDueAsync(null, cancellationToken);

    /// <inheritdoc cref="RenewDueAsync(CancellationToken)"/>
    public async Task<int> RenewDueAsync(string? seed, CancellationToken cancellationToken)
    {
        var renewed = 0;
        var ready = new TenantQuery(Seed: seed, Status: TenantStatus.Ready);
        var now = time.GetUtcNow();
        var generations = await authorities.ActiveGenerationsAsync(cancellationToken);
        var certificates = (await store.ListCertificatesAsync(ready, cancellationToken)).ToLookup(c => c.TenantId, StringComparer.Ordinal);
        // Two reads find the due ones; only those are locked and checked again (the lock may be a database session).
        var due = (await store.ListAsync(ready, cancellationToken))
            .Where(t => CurrentCertificate(certificates[t.Id], t.Seed, now, generations.GetValueOrDefault(t.Seed)) is null);
        foreach (var listed in due)
        {
            await using (await locks.AcquireAsync(listed.Id, cancellationToken))
            {
                var tenant = await store.GetAsync(listed.Id, cancellationToken);
                if (tenant?.Status == TenantStatus.Ready && (await EnsureCertificateAsync(tenant, cancellationToken)).Issued)
                {
                    await events.PublishAsync(TenantEventFactory.CredentialsChanged(await StateAsync(tenant, cancellationToken), time.GetUtcNow()), cancellationToken);
                    renewed++;
                }
            }
        }

        return renewed;
    }

    /// <summary>
    /// The end of a CA rotation's grace period: every certificate of the seed issued by a CA generation below
    /// <paramref name="generation"/> is revoked, tenant by tenant under its lock; Ready tenants announce their
    /// accepted certificates again. Returns how many tenants lost certificates.
    /// </summary>
    public async Task<int> RevokeOlderAuthorityCertificatesAsync(string seed, int generation, CancellationToken cancellationToken)
    {
        var holders = (await store.ListSeedCertificatesAsync(seed, cancellationToken))
            .Where(c => c.RevokedAt is null && c.AuthorityGeneration < generation)
            .Select(c => c.TenantId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var tenants = 0;
        foreach (var id in holders)
        {
            await using (await locks.AcquireAsync(id, cancellationToken))
            {
                var revoked = await store.RevokeCertificatesBelowGenerationAsync(id, generation, time.GetUtcNow(), cancellationToken);
                if (revoked == 0)
                {
                    continue;
                }

                tenants++;
                metrics.Writes.Inc();
                metrics.CertificatesRevoked.Inc(revoked);
                var tenant = await store.GetAsync(id, cancellationToken);
                if (tenant?.Status == TenantStatus.Ready)
                {
                    await events.PublishAsync(TenantEventFactory.CredentialsChanged(await StateAsync(tenant, cancellationToken), time.GetUtcNow()), cancellationToken);
                }

                logger.LogInformation("Tenant {Tenant}: {Revoked} certificates of seed {Seed}'s CA before generation {Generation} revoked", id, revoked, seed, generation);
            }
        }

        return tenants;
    }

    /// <summary>
    /// Purges a Deprovisioning tenant's data and, once every store confirmed it, marks the tenant Deleted. Returns the
    /// purge result; null when the tenant is not (or no longer) Deprovisioning, e.g. switched back on meanwhile.
    /// </summary>
    public async Task<TenantPurge?> FinishDeprovisioningAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using (await locks.AcquireAsync(tenantId, cancellationToken))
        {
            var tenant = await store.GetAsync(tenantId, cancellationToken);
            if (tenant?.Status != TenantStatus.Deprovisioning)
            {
                return null;
            }

            var result = await purge.PurgeAsync(tenantId, cancellationToken);
            if (result.Verified)
            {
                await CompleteDeprovisioningAsync(tenant, result, cancellationToken);
            }
            else
            {
                var pending = string.Join("; ", result.Stores.Where(s => !s.Verified).Select(s => $"{s.Store}: {s.Detail}"));
                logger.LogWarning("Tenant {Tenant}: purge not verified yet, stays Deprovisioning and is tried again ({Pending})", tenantId, pending);
            }

            return result;
        }
    }

    private async Task<ReconcileOutcome> ReconcileClusterAsync(string id, ClusterFacts cluster, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var tenant = await store.GetAsync(id, cancellationToken);
        if (tenant is not null && tenant.ObservedAt > occurredAt)
        {
            logger.LogDebug("Tenant {Tenant}: event of {OccurredAt} is older than the state held, ignored", id, occurredAt);
            return ReconcileOutcome.Stale;
        }

        var outcome = cluster.MlaEnabled
            ? await EnsureReadyAsync(id, tenant, cluster, occurredAt, cancellationToken)
            : await HandleDeletionAsync(tenant, cluster, occurredAt, cancellationToken);
        // The store keeps milliseconds: compare at that precision, or every event with sub-millisecond time is "newer".
        if (outcome == ReconcileOutcome.Unchanged && tenant is not null
            && occurredAt.ToUnixTimeMilliseconds() > tenant.ObservedAt.ToUnixTimeMilliseconds())
        {
            // Nothing to change, but the state is now known as of a newer event: remember its time, or an older
            // event that is delivered late (e.g. "MLA off" before a later no-op update) would still apply. A resync
            // re-publishes with the catalog's times, so an unchanged fleet's resync still writes nothing.
            await SaveAsync(tenant with { ObservedAt = occurredAt }, cancellationToken);
        }

        return outcome;
    }

    private async Task<ReconcileOutcome> EnsureReadyAsync(
        string id, TenantRecord? tenant, ClusterFacts cluster, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var overrides = await store.GetOverridesAsync(id, cancellationToken);
        var limits = options.Value.ResolveLimits(cluster.Seed, overrides?.Monitoring, overrides?.Logging);
        var now = time.GetUtcNow();
        var wasReady = tenant?.Status == TenantStatus.Ready;
        var ready = new TenantRecord(
            id, id, cluster.Seed, cluster.ProjectId, TenantStatus.Ready, limits, wasReady ? tenant!.StatusChangedAt : now, occurredAt)
        {
            LastDeprovisionedAt = tenant?.LastDeprovisionedAt,
        };
        var changed = false;
        var current = tenant;
        if (!wasReady)
        {
            current = ready with { Status = TenantStatus.Provisioning };
            await SaveAsync(current, cancellationToken);
            changed = true;
        }

        var (_, issued) = await EnsureCertificateAsync(ready, cancellationToken);
        var (_, tokenIssued) = await tokens.EnsureAsync(id, cancellationToken);
        var (_, readTokenIssued) = await tokens.EnsureReadAsync(id, cancellationToken);
        if (tokenIssued || readTokenIssued)
        {
            metrics.Writes.Inc();
        }

        var credentialsChanged = issued || tokenIssued || readTokenIssued;
        if (SameFacts(current!, ready))
        {
            if (credentialsChanged)
            {
                await events.PublishAsync(TenantEventFactory.CredentialsChanged(await StateAsync(ready, cancellationToken), now), cancellationToken);
            }

            return changed || credentialsChanged ? ReconcileOutcome.Changed : ReconcileOutcome.Unchanged;
        }

        var state = await StateAsync(ready, cancellationToken);
        if (!wasReady)
        {
            await events.PublishAsync(TenantEventFactory.Provisioned(state, now), cancellationToken);
            logger.LogInformation("Tenant {Tenant} of seed {Seed} is Ready (certificate {Serial})", id, cluster.Seed, state.CertificateSerial);
        }
        else if (tenant!.Limits != ready.Limits)
        {
            await events.PublishAsync(TenantEventFactory.LimitsChanged(state, now), cancellationToken);
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
            LastDeprovisionedAt = tenant.Status == TenantStatus.Deprovisioning ? tenant.LastDeprovisionedAt : now,
        };
        var changed = false;
        if (tenant.Status != TenantStatus.Deprovisioning)
        {
            var revoked = await store.RevokeCertificatesAsync(tenant.Id, now, cancellationToken);
            var tokenDeleted = await store.DeleteTokenAsync(tenant.Id, cancellationToken);
            tokenDeleted |= await store.DeleteReadTokenAsync(tenant.Id, cancellationToken);
            if (revoked > 0 || tokenDeleted)
            {
                metrics.Writes.Inc();
                metrics.CertificatesRevoked.Inc(revoked);
            }

            await events.PublishAsync(TenantEventFactory.DeprovisioningStarted(await StateAsync(deprovisioning, cancellationToken), now), cancellationToken);
            await SaveAsync(deprovisioning, cancellationToken);
            logger.LogInformation(
                "Tenant {Tenant} is Deprovisioning: {Revoked} certificates revoked, token {Token}", tenant.Id, revoked, tokenDeleted ? "deleted" : "none");
            changed = true;
        }
        else if (!SameFacts(tenant, deprovisioning))
        {
            await SaveAsync(deprovisioning, cancellationToken);
            changed = true;
        }

        if (!options.Value.PurgeDataOnDelete)
        {
            await CompleteDeprovisioningAsync(deprovisioning, TenantPurge.Off, cancellationToken);
            return ReconcileOutcome.Changed;
        }

        // Purge on: the deprovisioning worker purges after Purge:Delay, so that gateways and writers have stopped.
        return changed ? ReconcileOutcome.Changed : ReconcileOutcome.Unchanged;
    }

    private async Task CompleteDeprovisioningAsync(TenantRecord tenant, TenantPurge purged, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = tenant with { Status = TenantStatus.Deleted, StatusChangedAt = now };
        await events.PublishAsync(TenantEventFactory.Deprovisioned(await StateAsync(deleted, cancellationToken), purged, now), cancellationToken);
        await SaveAsync(deleted, cancellationToken);
        if (purged.Enabled)
        {
            logger.LogInformation(
                "Tenant {Tenant} is Deleted: data purged and verified in {Stores}", tenant.Id, string.Join(", ", purged.Stores.Select(s => s.Store)));
        }
        else
        {
            logger.LogInformation("Tenant {Tenant} is Deleted: purge off, its data stays in storage", tenant.Id);
        }
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
            var updated = tenant with { Limits = options.Value.ResolveLimits(tenant.Seed, overrides.Monitoring, overrides.Logging) };
            if (updated.Limits != tenant.Limits)
            {
                await events.PublishAsync(TenantEventFactory.LimitsChanged(await StateAsync(updated, cancellationToken), time.GetUtcNow()), cancellationToken);
                await SaveAsync(updated, cancellationToken);
            }
        }

        return ReconcileOutcome.Changed;
    }

    /// <summary>A certificate stays current while unrevoked, from the tenant's seed's issuing CA, and short of two thirds of its lifetime.</summary>
    private async Task<(CertificateRecord Certificate, bool Issued)> EnsureCertificateAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var generation = (await authorities.ActiveGenerationsAsync(cancellationToken)).GetValueOrDefault(tenant.Seed);
        var current = CurrentCertificate(await store.ListCertificatesAsync(tenant.Id, cancellationToken), tenant.Seed, now, generation);
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

    /// <summary>Unrevoked, of the seed, short of two thirds of its lifetime and issued by the seed's issuing CA (0: the seed has none yet).</summary>
    private static CertificateRecord? CurrentCertificate(IEnumerable<CertificateRecord> certificates, string seed, DateTimeOffset now, int generation) =>
        certificates.FirstOrDefault(c => c.RevokedAt is null && c.Seed == seed && now < c.RenewAt && (generation == 0 || c.AuthorityGeneration == generation));

    private async Task<TenantState> StateAsync(TenantRecord tenant, CancellationToken cancellationToken) => TenantEventFactory.State(
        tenant,
        await store.ListCertificatesAsync(tenant.Id, cancellationToken),
        await store.GetTokenAsync(tenant.Id, cancellationToken),
        time.GetUtcNow())
        with
        {
            ReadTokenSha256 = tenant.Status == TenantStatus.Ready ? (await store.GetReadTokenAsync(tenant.Id, cancellationToken))?.Sha256 : null,
        };

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
