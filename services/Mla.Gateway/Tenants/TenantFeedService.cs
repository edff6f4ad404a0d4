using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Gateway.Observability;
using Mla.Gateway.Tls;
using Mla.Hosting.Lifetime;
using Mla.Tenants.Client;
using Mla.Hosting.Loops;

namespace Mla.Gateway.Tenants;

/// <summary>
/// Reads the tenant service's full list at start (retrying until it answers) and every <c>RefreshInterval</c> after
/// that, and with each read the CA list of every served seed (CAs added and retired by rotations). Between reads the tenant events keep the
/// table current (<see cref="FollowTenantEvents"/>). When the tenant service or the bus is down, the gateway keeps
/// serving with the table it has.
/// </summary>
internal sealed class TenantFeedService(
    TenantFeed feed,
    ClientTrust trust,
    IServiceProvider services,
    IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<TenantFeedService> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("gateway-tenant-feed", supervisor)
{
    private readonly SemaphoreSlim _authorities = new(1, 1);

    /// <summary>Fetches the CA lists of the given seeds that have none trusted yet; a seed without a CA yet is tried on the next call.</summary>
    public Task EnsureAuthoritiesAsync(IEnumerable<string> seeds, CancellationToken cancellationToken) =>
        RefreshAuthoritiesAsync(seeds.Where(seed => !trust.HasSeedAuthority(seed)), DateTimeOffset.MaxValue, cancellationToken);

    /// <summary>
    /// Re-reads the CA list of each seed (adds new CAs, drops retired ones) unless the list held was read or announced
    /// after <paramref name="unlessReadAfter"/>: a burst of credential events during a rotation costs one read per seed.
    /// </summary>
    public async Task RefreshAuthoritiesAsync(IEnumerable<string> seeds, DateTimeOffset? unlessReadAfter, CancellationToken cancellationToken)
    {
        var wanted = seeds.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        await _authorities.WaitAsync(cancellationToken);
        try
        {
            foreach (var seed in wanted)
            {
                if (unlessReadAfter is { } after && trust.SeedAuthoritiesAsOf(seed) is { } held && (after == DateTimeOffset.MaxValue || held > after))
                {
                    continue;
                }

                var asOf = time.GetUtcNow();
                var bundle = await Client().GetSeedAuthorityAsync(seed, cancellationToken);
                if (bundle is not null)
                {
                    Report(seed, trust.SetSeedAuthorities(seed, bundle, asOf));
                }
            }
        }
        finally
        {
            _authorities.Release();
        }
    }

    /// <summary>Applies a seed's CA list announced by the tenant service (<see cref="SeedAuthoritiesChanged"/>).</summary>
    public void ApplyAuthorities(SeedAuthoritiesChanged changed)
    {
        if (changed.Authorities.Count == 0)
        {
            logger.LogWarning("Seed {Seed}: an announced CA list is empty; keeping the CAs trusted now", changed.Seed);
            return;
        }

        var bundle = string.Concat(changed.Authorities.Select(a => a.CertificatePem.TrimEnd() + "\n"));
        Report(changed.Seed, trust.SetSeedAuthorities(changed.Seed, bundle, changed.OccurredAt));
    }

    private void Report(string seed, SeedAuthorityChange change)
    {
        if (!change.Changed)
        {
            return;
        }

        metrics.TrustedSeedAuthorities.Set(trust.Current.SeedAuthorityCount);
        logger.LogInformation(
            "Trusting {Trusted} client CAs of seed {Seed} for its tenants ({Added} added, {Removed} dropped)", change.Trusted, seed, change.Added, change.Removed);
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.TenantService;
        if (!settings.Enabled)
        {
            return;
        }

        var seeds = options.Value.Seeds.Count == 0 ? "every seed" : "seeds " + string.Join(", ", options.Value.Seeds);
        logger.LogInformation("Tenant table from the tenant service at {Url} for {Seeds}", settings.Url, seeds);
        await lifetime.WaitUntilStartedAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var listing = await Client().ListAsync(null, stoppingToken);
                // Every read follows the seeds' CA lists (a rotation adds one, retires another), not only missing ones.
                await RefreshAuthoritiesAsync(
                    listing.Tenants.Where(t => t.Status == TenantStatus.Ready && feed.Serves(t)).Select(t => t.Seed), null, stoppingToken);
                var first = !feed.Loaded;
                feed.ApplyListing(listing.Tenants, listing.AsOf);
                if (first || failures > 0)
                {
                    logger.LogInformation(
                        "Tenant table loaded from the tenant service: {Tenants} tenants, {Ready} Ready",
                        feed.Count, listing.Tenants.Count(t => t.Status == TenantStatus.Ready && feed.Serves(t)));
                }

                failures = 0;
                metrics.TenantServiceReads.WithLabels("ok").Inc();
                // A Ready tenant whose seed's CA is not trusted yet cannot connect: read again soon, not in minutes.
                var missingCa = listing.Tenants.Any(t => t.Status == TenantStatus.Ready && feed.Serves(t) && !trust.HasSeedAuthority(t.Seed));
                wait = missingCa ? settings.RetryInterval : settings.RefreshInterval;
            }
            catch (TenantsApiException ex)
            {
                failures++;
                metrics.TenantServiceReads.WithLabels("failed").Inc();
                wait = settings.RetryInterval;
                logger.LogWarning(
                    "Cannot read the tenant service ({Reason}); {State}, next try in {Wait}",
                    ex.Message, feed.Loaded ? "serving with the table in hand" : "no tenant can write until it answers", wait);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                metrics.TenantServiceReads.WithLabels("failed").Inc();
                wait = settings.RetryInterval;
                logger.LogWarning("The tenant service did not answer within {Timeout}; next try in {Wait}", settings.Timeout, wait);
            }

            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private TenantsApiClient Client() => services.GetRequiredKeyedService<TenantsApiClient>(GatewayOptions.SectionName);

    public override void Dispose()
    {
        _authorities.Dispose();
        base.Dispose();
    }
}
