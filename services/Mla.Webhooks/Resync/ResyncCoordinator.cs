using System.Collections.Concurrent;
using Mla.Webhooks.Intake;

namespace Mla.Webhooks.Resync;

/// <summary>
/// Runs at most one resync at a time (a request during a run gets the running one) and keeps the last runs for
/// <c>GET /api/v1/resync/{id}</c>.
/// </summary>
public sealed class ResyncCoordinator(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    WebhookMetrics metrics,
    TimeProvider time,
    ILogger<ResyncCoordinator> logger)
{
    private const int KeepRuns = 20;
    private readonly ConcurrentDictionary<string, ResyncRun> _runs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ResyncRun? _running;

    /// <summary>Starts a resync unless one runs; returns the run and whether this call started it.</summary>
    public (ResyncRun Run, bool Started) Start(string trigger)
    {
        ResyncRun run;
        lock (_gate)
        {
            if (_running is not null)
            {
                return (_running, false);
            }

            run = new ResyncRun(Guid.NewGuid().ToString("N")[..12], trigger, time.GetUtcNow());
            _running = run;
            _runs[run.Id] = run;
            foreach (var old in _runs.Values.OrderByDescending(r => r.StartedAt).Skip(KeepRuns))
            {
                _runs.TryRemove(old.Id, out _);
            }
        }

        _ = Task.Run(() => ExecuteAsync(run), lifetime.ApplicationStopping);
        return (run, true);
    }

    public ResyncRun? Find(string id) => _runs.GetValueOrDefault(id);

    public ResyncRun? Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    private async Task ExecuteAsync(ResyncRun run)
    {
        metrics.ResyncRunning.Set(1);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FleetResync>().RunAsync(run, lifetime.ApplicationStopping);
            run.Complete(time.GetUtcNow());
        }
        catch (Exception ex)
        {
            run.Fail(time.GetUtcNow(), ex.Message);
            logger.LogError(ex, "Resync {SnapshotId} failed after {Published}/{Total} events", run.Id, run.Published, run.Total);
        }
        finally
        {
            metrics.ResyncRunning.Set(0);
            lock (_gate)
            {
                _running = null;
            }
        }
    }
}
