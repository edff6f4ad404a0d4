using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mla.Exporters.Fleet;
using Mla.Hosting.Loops;
using Mla.Tenants.Client;

namespace Mla.Exporters.Export;

/// <summary>
/// Works the queue of changed clusters with bounded concurrency (one pass per cluster at a time), and every
/// <c>ResyncInterval</c> re-reads the tenant list and queues every cluster (drift repair, health). An unreachable
/// cluster is retried with its own exponential back-off and holds up no other.
/// </summary>
internal sealed class ExportLoop(
    IOptions<ExportersOptions> options,
    FleetState fleet,
    ClusterExporter exporter,
    Health.HealthBoard health,
    IAgentTarget target,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ExportLoop> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("exporters-export", supervisor)
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset RetryAt)> _backoff = new(StringComparer.Ordinal);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var gate = new SemaphoreSlim(settings.MaxConcurrency);
        var running = new ConcurrentDictionary<Task, byte>();
        var resync = Task.Run(() => ResyncAsync(stoppingToken), stoppingToken);
        try
        {
            while (await fleet.Dirty.WaitToReadAsync(stoppingToken))
            {
                while (fleet.Dirty.TryRead(out var clusterId))
                {
                    if (_backoff.TryGetValue(clusterId, out var backoff) && backoff.RetryAt > time.GetUtcNow())
                    {
                        // Still backing off: the retry timer queues it when its time comes.
                        fleet.Taken(clusterId);
                        continue;
                    }

                    await gate.WaitAsync(stoppingToken);
                    fleet.Taken(clusterId);
                    var work = Task.Run(() => PassAsync(clusterId, stoppingToken), stoppingToken);
                    running[work] = 0;
                    _ = work.ContinueWith(
                        t =>
                        {
                            gate.Release();
                            running.TryRemove(t, out _);
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
            }
        }
        finally
        {
            await Task.WhenAll(running.Keys.Append(resync)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private readonly ConcurrentDictionary<string, DateTimeOffset> _recheck = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _clusterGates = new(StringComparer.Ordinal);

    private async Task PassAsync(string clusterId, CancellationToken cancellationToken)
    {
        var clusterGate = _clusterGates.GetOrAdd(clusterId, _ => new SemaphoreSlim(1));
        await clusterGate.WaitAsync(cancellationToken);
        try
        {
            if (await exporter.ExportAsync(clusterId, cancellationToken))
            {
                _backoff.TryRemove(clusterId, out _);
                if (health.Get(clusterId)?.Status == Contracts.Agents.AgentStatus.Progressing)
                {
                    // Applied or removing: look again soon rather than at the next resync.
                    _recheck[clusterId] = time.GetUtcNow() + options.Value.Live.RecheckInterval;
                }
            }
            else
            {
                var failures = _backoff.TryGetValue(clusterId, out var previous) ? previous.Failures + 1 : 1;
                var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks << Math.Min(failures - 1, 16)));
                _backoff[clusterId] = (failures, time.GetUtcNow() + delay);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A cluster's pass failing for another reason (tenant service down …) is retried like an unreachable cluster.
            logger.LogWarning(ex, "Cluster {Cluster}: the pass failed; retried with back-off", clusterId);
            var failures = _backoff.TryGetValue(clusterId, out var previous) ? previous.Failures + 1 : 1;
            _backoff[clusterId] = (failures, time.GetUtcNow() + TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks << Math.Min(failures - 1, 16))));
        }
        finally
        {
            clusterGate.Release();
        }
    }

    /// <summary>The tenant list at start and every resync interval; due back-off retries every second.</summary>
    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextResync = time.GetUtcNow();
        var tick = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, settings.Live.RecheckInterval.Ticks));
        using var timer = new PeriodicTimer(tick, time);
        do
        {
            var now = time.GetUtcNow();
            foreach (var (clusterId, backoff) in _backoff)
            {
                if (backoff.RetryAt <= now)
                {
                    fleet.MarkDirty(clusterId);
                }
            }

            foreach (var (clusterId, at) in _recheck)
            {
                if (at <= now && _recheck.TryRemove(clusterId, out _))
                {
                    fleet.MarkDirty(clusterId);
                }
            }

            if (now >= nextResync)
            {
                nextResync = now + settings.ResyncInterval;
                await FullPassAsync(stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads the tenant list (when a tenant service is configured), queues every cluster, prunes render folders.</summary>
    public async Task FullPassAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Tenants.Enabled)
        {
            try
            {
                var listing = await services.GetRequiredKeyedService<TenantsApiClient>(ExportersOptions.SectionName).ListAsync(null, stoppingToken);
                fleet.ReplaceTenants(listing.Tenants, listing.AsOf);
            }
            catch (TenantsApiException ex)
            {
                logger.LogWarning("The tenant list could not be read (events still apply): {Reason}", ex.Message);
            }
        }

        var all = fleet.All();
        if (fleet.TenantsListed)
        {
            target.Prune(all.Where(c => c.Wanted && c.Seed is not null).Select(c => (c.Seed!, c.ClusterId)).ToHashSet());
        }

        foreach (var record in all)
        {
            fleet.MarkDirty(record.ClusterId);
        }
    }
}
