using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Tenants.Credentials;
using Mla.Tenants.Reconciliation;
using Mla.Tenants.Store;

namespace Mla.Tenants.Authorities;

/// <summary>
/// Rotates a seed's CA, level-triggered and idempotent, so that every replica may move a rotation on and a crash
/// anywhere is healed by the next pass:
/// <list type="number">
/// <item>Reissuing: the new CA exists and is trusted beside the old one (<see cref="SeedAuthoritiesChanged"/>); every
/// Ready tenant of the seed gets a certificate of it, under the tenant's lock (<see cref="TenantReconciler.RenewDueAsync(string?, CancellationToken)"/>,
/// which publishes <see cref="TenantCredentialsChanged"/>).</item>
/// <item>Draining: every tenant holds one; the old CA's certificates stay accepted for <c>GracePeriod</c>, then are revoked.</item>
/// <item>Completed: no accepted (unrevoked, unexpired) certificate chains to the old CA: it is Retired and no longer trusted.</item>
/// </list>
/// </summary>
public sealed class SeedCaRotations(
    ISeedAuthorityStore authorities,
    SeedAuthorities seedAuthorities,
    ITenantStore tenants,
    TenantReconciler reconciler,
    ITenantEvents events,
    IOptions<TenantsOptions> options,
    TimeProvider time,
    ILogger<SeedCaRotations> logger)
{
    /// <summary>Starts a rotation and trusts its new CA at once; the re-issue is left to <see cref="AdvanceAsync"/>.</summary>
    public async Task<CaRotationStart> StartAsync(string seed, CancellationToken cancellationToken)
    {
        var existing = await authorities.ListAsync(seed, cancellationToken);
        if (existing.Count == 0)
        {
            return CaRotationStart.UnknownSeed;
        }

        if (await RunningAsync(seed, cancellationToken) is { } running)
        {
            return CaRotationStart.AlreadyRunning(running);
        }

        var now = time.GetUtcNow();
        var newest = existing[0].Generation;
        var rotation = new CaRotationRecord(
            $"rot-{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}", seed, newest, newest + 1, CaRotationState.Reissuing, 0, 0, now, now);
        if (!await authorities.TryAddRotationAsync(rotation, cancellationToken))
        {
            // Another request (maybe on another replica) won between the read and the insert.
            return await RunningAsync(seed, cancellationToken) is { } winner
                ? CaRotationStart.AlreadyRunning(winner)
                : throw new InvalidOperationException($"the rotation of seed '{seed}' was neither stored nor found running");
        }

        logger.LogInformation(
            "CA rotation {Rotation} of seed {Seed} started: generation {From} to {To}", rotation.Id, seed, rotation.FromGeneration, rotation.ToGeneration);
        await TrustNewAuthorityAsync(rotation, cancellationToken);
        return CaRotationStart.Started(rotation);
    }

    public async Task<CaRotationRecord?> RunningAsync(string seed, CancellationToken cancellationToken)
    {
        var running = await authorities.ListRotationsAsync(seed, runningOnly: true, cancellationToken);
        return running.Count > 0 ? running[0] : null;
    }

    /// <summary>Moves every running rotation on as far as it can go now; returns how many are still running.</summary>
    public async Task<int> AdvanceAllAsync(CancellationToken cancellationToken)
    {
        var running = 0;
        foreach (var rotation in await authorities.ListRotationsAsync(null, runningOnly: true, cancellationToken))
        {
            if ((await AdvanceAsync(rotation, cancellationToken)).Running)
            {
                running++;
            }
        }

        return running;
    }

    /// <summary>One pass over a rotation: writes only what moved on; the rotation as it stands after the pass.</summary>
    public async Task<CaRotationRecord> AdvanceAsync(CaRotationRecord rotation, CancellationToken cancellationToken)
    {
        if (!rotation.Running)
        {
            return rotation;
        }

        await TrustNewAuthorityAsync(rotation, cancellationToken);
        var current = rotation;
        if (current.State == CaRotationState.Reissuing)
        {
            await reconciler.RenewDueAsync(current.Seed, cancellationToken);
            var (total, reissued) = await ProgressAsync(current, cancellationToken);
            var now = time.GetUtcNow();
            var next = reissued < total
                ? current with { TenantsTotal = total, TenantsReissued = reissued }
                : current with { State = CaRotationState.Draining, TenantsTotal = total, TenantsReissued = reissued, DrainAfter = now + options.Value.CaRotation.GracePeriod };
            if (next != current && await SaveAsync(current, next, now, cancellationToken) is { } saved)
            {
                current = saved;
                if (current.State == CaRotationState.Draining)
                {
                    logger.LogInformation(
                        "CA rotation {Rotation} of seed {Seed}: all {Total} tenants hold a certificate of generation {To}; the old CA's certificates stay accepted until {DrainAfter:u}",
                        current.Id, current.Seed, total, current.ToGeneration, current.DrainAfter);
                }
                else
                {
                    logger.LogInformation(
                        "CA rotation {Rotation} of seed {Seed}: {Reissued}/{Total} tenants re-issued", current.Id, current.Seed, reissued, total);
                }
            }
        }

        if (current.State == CaRotationState.Draining)
        {
            current = await DrainAsync(current, cancellationToken);
        }

        return current;
    }

    private async Task<CaRotationRecord> DrainAsync(CaRotationRecord rotation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= rotation.DrainAfter)
        {
            var revoked = await reconciler.RevokeOlderAuthorityCertificatesAsync(rotation.Seed, rotation.ToGeneration, cancellationToken);
            if (revoked > 0)
            {
                logger.LogInformation(
                    "CA rotation {Rotation} of seed {Seed}: grace period over, the old CA's certificates of {Tenants} tenants revoked", rotation.Id, rotation.Seed, revoked);
            }
        }

        var stillAccepted = (await tenants.ListSeedCertificatesAsync(rotation.Seed, cancellationToken))
            .Count(c => c.AuthorityGeneration < rotation.ToGeneration && c.RevokedAt is null && now < c.NotAfter);
        if (stillAccepted > 0)
        {
            return rotation;
        }

        var retired = false;
        foreach (var old in (await authorities.ListAsync(rotation.Seed, cancellationToken)).Where(a => a.Generation < rotation.ToGeneration && a.Trusted))
        {
            retired |= await authorities.SetStateAsync(rotation.Seed, old.Generation, AuthorityState.Retired, now, cancellationToken);
        }

        if (retired)
        {
            await PublishTrustedAsync(rotation.Seed, cancellationToken);
        }

        var completed = await SaveAsync(rotation, rotation with { State = CaRotationState.Completed }, now, cancellationToken, finished: true);
        if (completed is not null)
        {
            logger.LogInformation(
                "CA rotation {Rotation} of seed {Seed} completed: no accepted certificate chains to generation {From} any more, it is retired",
                rotation.Id, rotation.Seed, rotation.FromGeneration);
        }

        return completed ?? await authorities.GetRotationAsync(rotation.Id, cancellationToken) ?? rotation;
    }

    /// <summary>The new CA exists and every older one still trusted is Retiring; gateways hear of it when that changed.</summary>
    private async Task TrustNewAuthorityAsync(CaRotationRecord rotation, CancellationToken cancellationToken)
    {
        var known = await authorities.ListAsync(rotation.Seed, cancellationToken);
        var changed = false;
        if (known.All(a => a.Generation != rotation.ToGeneration))
        {
            await seedAuthorities.EnsureGenerationAsync(rotation.Seed, rotation.ToGeneration, cancellationToken);
            changed = true;
        }

        foreach (var older in known.Where(a => a.Generation < rotation.ToGeneration && a.State == AuthorityState.Active))
        {
            changed |= await authorities.SetStateAsync(rotation.Seed, older.Generation, AuthorityState.Retiring, null, cancellationToken);
        }

        if (changed)
        {
            await PublishTrustedAsync(rotation.Seed, cancellationToken);
            logger.LogInformation(
                "CA rotation {Rotation} of seed {Seed}: CA generation {To} trusted beside generation {From}, now issuing", rotation.Id, rotation.Seed, rotation.ToGeneration, rotation.FromGeneration);
        }
    }

    private async Task PublishTrustedAsync(string seed, CancellationToken cancellationToken)
    {
        var trusted = SeedAuthorities.Trusted(await authorities.ListAsync(seed, cancellationToken));
        await events.PublishAsync(
            new SeedAuthoritiesChanged(Guid.NewGuid().ToString(), TenantEventFactory.Source, time.GetUtcNow(), seed, trusted), cancellationToken);
    }

    /// <summary>How many Ready tenants the seed has, and how many of them hold an unrevoked certificate of the new CA.</summary>
    private async Task<(int Total, int Reissued)> ProgressAsync(CaRotationRecord rotation, CancellationToken cancellationToken)
    {
        var ready = new TenantQuery(Seed: rotation.Seed, Status: TenantStatus.Ready);
        var now = time.GetUtcNow();
        var holders = (await tenants.ListCertificatesAsync(ready, cancellationToken))
            .Where(c => c.AuthorityGeneration == rotation.ToGeneration && c.RevokedAt is null && now < c.NotAfter)
            .Select(c => c.TenantId)
            .ToHashSet(StringComparer.Ordinal);
        var total = (await tenants.ListAsync(ready, cancellationToken)).Count;
        return (total, Math.Min(holders.Count, total));
    }

    /// <summary>Saves the next state unless another replica moved the rotation on first (null then).</summary>
    private async Task<CaRotationRecord?> SaveAsync(
        CaRotationRecord current, CaRotationRecord next, DateTimeOffset now, CancellationToken cancellationToken, bool finished = false)
    {
        // Strictly later than the last save at the store's millisecond precision: the next save's concurrency check needs it.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(now.ToUnixTimeMilliseconds(), current.UpdatedAt.ToUnixTimeMilliseconds() + 1));
        var saved = next with { UpdatedAt = at, FinishedAt = finished ? at : next.FinishedAt };
        return await authorities.SaveRotationAsync(saved, current.UpdatedAt, cancellationToken) ? saved : null;
    }
}
