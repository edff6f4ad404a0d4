using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;
using Mla.Hosting.Lifetime;
using Mla.Tenants.Client;
using Mla.Writer.Configuration;
using Mla.Hosting.Loops;

namespace Mla.Writer.Tenants;

/// <summary>
/// Reads the full tenant list at start and every <c>RefreshInterval</c> into <see cref="DeletedTenants"/> (the
/// tenant events keep it current in between, and the list repairs a missed event). A failed read is logged and
/// tried again after <c>RetryInterval</c>; the table in hand stays in use meanwhile.
/// </summary>
internal sealed class DeletedTenantsRefresher(
    IOptions<WriterOptions> options,
    DeletedTenants deletedTenants,
    IServiceProvider services,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DeletedTenantsRefresher> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("writer-deleted-tenants", supervisor)
{
    private readonly TenantsClientOptions _options = options.Value.Tenants;
    private bool _failing = true;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            logger.LogInformation(
                "Mla:Writer:Tenants:Url is empty: the writer does not follow tenants, and writes the records of deleted tenants like any other");
            return;
        }

        logger.LogInformation(
            "Following the tenants of {Url} (full list every {RefreshInterval}, and the tenant events); consuming starts once the list was read",
            _options.Url, _options.RefreshInterval);
        await lifetime.WaitUntilStartedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A typed client per read: the factory rotates its handler (DNS changes of the tenant service).
            var wait = await RefreshAsync(services.GetRequiredKeyedService<TenantsApiClient>(WriterOptions.SectionName), stoppingToken);
            await Task.Delay(wait, time, stoppingToken);
        }
    }

    /// <summary>Reads the list once and applies it; returns how long to wait before the next read.</summary>
    public async Task<TimeSpan> RefreshAsync(TenantsApiClient client, CancellationToken cancellationToken)
    {
        TenantListing listing;
        try
        {
            listing = await client.ListAsync(status: null, cancellationToken);
        }
        catch (Exception ex) when (ex is TenantsApiException or TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            _failing = true;
            var reason = ex is TenantsApiException ? ex.Message : $"no answer within {_options.Timeout}";
            logger.LogWarning(
                "Could not read the tenant list: {Reason}; trying again in {RetryInterval}, {State}",
                reason, _options.RetryInterval,
                deletedTenants.IsLoaded ? "the table in hand stays in use" : "consuming waits for a first list");
            return _options.RetryInterval;
        }

        var firstList = !deletedTenants.IsLoaded;
        var changed = deletedTenants.Apply(listing);
        if (!firstList)
        {
            // The first list is summed up below; later ones name what changed (an event was missed or is late).
            foreach (var (tenant, deletion) in changed)
            {
                LogChange(logger, tenant.Id, deletion.IsDeleted, tenant.Status, "tenant list");
            }
        }

        var level = _failing || changed.Count > 0 ? LogLevel.Information : LogLevel.Debug;
        logger.Log(level, "Read {Count} tenants from the tenant service; {Deleted} are deprovisioning or deleted", listing.Tenants.Count, deletedTenants.DeletedCount);
        _failing = false;
        return _options.RefreshInterval;
    }

    public static void LogChange(ILogger logger, string tenant, bool isDeleted, TenantStatus status, string source)
    {
        if (isDeleted)
        {
            logger.LogInformation("Tenant {Tenant} is {Status} ({Source}): its records still in Kafka are dropped", tenant, status, source);
        }
        else
        {
            logger.LogInformation("Tenant {Tenant} is {Status} again ({Source}): its records produced since are written", tenant, status, source);
        }
    }
}
