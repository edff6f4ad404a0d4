using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Gateway.Observability;
using Mla.Gateway.Tls;
using Mla.Hosting.Lifetime;
using Mla.Tenants.Client;

namespace Mla.Gateway.Tenants;

/// <summary>
/// Reads the tenant service's full list at start (retrying until it answers) and every <c>RefreshInterval</c> after
/// that, and fetches the CA of every served seed it does not know yet. Between reads the tenant events keep the
/// table current (<see cref="FollowTenantEvents"/>). When the tenant service or the bus is down, the gateway keeps
/// serving with the table it has.
/// </summary>
internal sealed class TenantFeedService(
    TenantFeed feed,
    ClientTrust trust,
    IServiceProvider services,
    IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime,
    GatewayMetrics metrics,
    ILogger<TenantFeedService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _authorities = new(1, 1);

    /// <summary>Fetches the CAs of the given seeds that are not trusted yet; a seed without a CA yet is tried on the next call.</summary>
    public async Task EnsureAuthoritiesAsync(IEnumerable<string> seeds, CancellationToken cancellationToken)
    {
        var missing = seeds.Distinct(StringComparer.Ordinal).Where(seed => !trust.HasSeedAuthority(seed)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await _authorities.WaitAsync(cancellationToken);
        try
        {
            foreach (var seed in missing.Where(seed => !trust.HasSeedAuthority(seed)))
            {
                var pem = await Client().GetSeedAuthorityAsync(seed, cancellationToken);
                if (pem is not null && trust.SetSeedAuthority(seed, pem))
                {
                    metrics.TrustedSeedAuthorities.Set(trust.Current.SeedAuthorities.Count);
                    logger.LogInformation("Trusting the client CA of seed {Seed} for its tenants", seed);
                }
            }
        }
        finally
        {
            _authorities.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
                await EnsureAuthoritiesAsync(
                    listing.Tenants.Where(t => t.Status == TenantStatus.Ready && feed.Serves(t)).Select(t => t.Seed), stoppingToken);
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
