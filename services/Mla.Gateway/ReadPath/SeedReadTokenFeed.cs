using Microsoft.Extensions.Options;
using Mla.Gateway.Tenants;
using Mla.Hosting.Lifetime;
using Mla.Hosting.Loops;
using Mla.Tenants.Client;

namespace Mla.Gateway.ReadPath;

/// <summary>
/// Reads the served seeds' admin read tokens (by SHA-256) from the tenant service at start and every
/// <c>TenantService:RefreshInterval</c>, like the tenant table; a failed read keeps the tokens in hand.
/// </summary>
internal sealed class SeedReadTokenFeed(
    AdminReadTokens admins,
    TenantFeed feed,
    IServiceProvider services,
    IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SeedReadTokenFeed> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("gateway-seed-read-tokens", supervisor)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.TenantService;
        if (!settings.Enabled)
        {
            return;
        }

        await lifetime.WaitUntilStartedAsync(stoppingToken);
        var known = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var tokens = await services.GetRequiredKeyedService<TenantsApiClient>(GatewayOptions.SectionName).ListSeedReadTokensAsync(stoppingToken);
                var served = tokens
                    .Where(t => feed.ServesSeed(t.Seed))
                    .Select(t => (t.Seed, Ok: TokenDigest.TryParseHex(t.Sha256, out var digest), Digest: digest))
                    .Where(t => t.Ok)
                    .Select(t => (t.Seed, t.Digest))
                    .ToList();
                admins.ReplaceSeedTokens(served);
                if (served.Count != known)
                {
                    logger.LogInformation("Read path: admin read tokens of {Seeds} seeds accepted", served.Count);
                    known = served.Count;
                }

                wait = settings.RefreshInterval;
            }
            catch (TenantsApiException ex)
            {
                wait = settings.RetryInterval;
                logger.LogWarning("Cannot read the seeds' admin read tokens ({Reason}); next try in {Wait}", ex.Message, wait);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                wait = settings.RetryInterval;
                logger.LogWarning("The tenant service did not answer within {Timeout}; next try in {Wait}", settings.Timeout, wait);
            }

            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
