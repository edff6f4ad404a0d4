using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mla.Contracts.Tenants;

namespace Mla.Tenants.Purge;

/// <summary>
/// Purges a tenant from every store of <c>Mla:Tenants:Purge:Stores</c>, all at once, each on its own: a store that
/// fails or has not confirmed yet is reported (Verified false, the reason in Detail) and never stops the others.
/// </summary>
internal sealed class TenantDataPurge(
    IHttpClientFactory httpClients,
    IOptions<TenantsOptions> options,
    PurgeMetrics metrics,
    TimeProvider time,
    ILogger<TenantDataPurge> logger) : ITenantDataPurge
{
    public async Task<TenantPurge> PurgeAsync(string tenantId, CancellationToken cancellationToken)
    {
        var settings = options.Value.Purge;
        var stores = settings.Stores.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var results = await Task.WhenAll(stores.Select(s => PurgeStoreAsync(s.Key, s.Value, settings, tenantId, cancellationToken))).ConfigureAwait(false);
        var completedAt = results.Length > 0 && results.All(r => r.Verified) ? results.Max(r => r.At) : (DateTimeOffset?)null;
        return new TenantPurge(true, results, completedAt);
    }

    private async Task<StorePurge> PurgeStoreAsync(
        string name, PurgeStoreOptions store, PurgeOptions settings, string tenantId, CancellationToken cancellationToken)
    {
        // Off the caller's thread at once, so that the stores run side by side.
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        var signal = PurgeStoreKinds.SignalOf(store.Kind);
        PurgeResult result;
        string outcome;
        try
        {
            var purger = store.Kind == PurgeStoreKinds.Files
                ? new FileLogStorePurger(store.Directory)
                : Purger(new StoreClient(httpClients.CreateClient(PurgeRegistration.HttpClientName), store, settings.RequestTimeout), settings);
            result = await purger.PurgeAsync(tenantId, cancellationToken).ConfigureAwait(false);
            outcome = result.Verified ? PurgeMetrics.Verified : PurgeMetrics.NotVerified;
        }
        catch (StoreRequestException ex)
        {
            result = new PurgeResult(false, ex.Message);
            outcome = PurgeMetrics.Failed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever else went wrong with this store is its own failure, not the other stores' nor the caller's.
            result = new PurgeResult(false, $"{ex.GetType().Name}: {ex.Message}");
            outcome = PurgeMetrics.Failed;
        }

        metrics.StorePurges.WithLabels(name, outcome).Inc();
        metrics.StorePurgeDuration.WithLabels(name).Observe(clock.Elapsed.TotalSeconds);
        if (result.Verified)
        {
            logger.LogInformation("Tenant {Tenant}: purged {Store} ({Kind}) and verified in {Seconds:0.0} s: {Detail}",
                tenantId, name, store.Kind, clock.Elapsed.TotalSeconds, result.Detail);
        }
        else
        {
            logger.LogWarning("Tenant {Tenant}: purge of {Store} ({Kind}) not verified ({Outcome}) after {Seconds:0.0} s: {Detail}",
                tenantId, name, store.Kind, outcome, clock.Elapsed.TotalSeconds, result.Detail);
        }

        return new StorePurge(name, store.Kind, signal, result.Verified, result.Detail, time.GetUtcNow());
    }

    private IStorePurger Purger(StoreClient client, PurgeOptions settings) => client.Store.Kind switch
    {
        PurgeStoreKinds.VictoriaMetrics => new VictoriaMetricsPurger(client, settings, time),
        PurgeStoreKinds.Mimir => new TenantDeletionApiPurger(client, TenantDeletionApi.Mimir, settings, time),
        PurgeStoreKinds.Cortex => new TenantDeletionApiPurger(client, TenantDeletionApi.Cortex, settings, time),
        PurgeStoreKinds.Loki => new LokiPurger(client, settings, time),
        _ => throw new StoreRequestException($"kind '{client.Store.Kind}' is not one of {string.Join(", ", PurgeStoreKinds.All)}"),
    };
}
