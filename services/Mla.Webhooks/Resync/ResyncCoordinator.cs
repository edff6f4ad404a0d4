using Microsoft.Extensions.Options;
using Mla.Webhooks.Intake;

namespace Mla.Webhooks.Resync;

/// <summary>
/// Starts resyncs within the fleet-wide bound (<see cref="WebhooksOptions.MaxConcurrentResyncs"/>, decided in the
/// catalog database), runs the ones this replica started, and writes their progress there every
/// <see cref="ResyncRunStore.ProgressInterval"/> and at the end, so any replica answers <c>GET /api/v1/resync/{id}</c>.
/// </summary>
public sealed class ResyncCoordinator(
    ResyncRunStore runs,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IOptions<WebhooksOptions> options,
    WebhookMetrics metrics,
    TimeProvider time,
    ILogger<ResyncCoordinator> logger)
{
    /// <summary>This replica in <c>resync_runs.runner</c>: the host (the pod's name in Kubernetes) and a per-process suffix.</summary>
    public string Runner { get; } = $"{Environment.MachineName}/{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Starts a resync unless the bound is reached (or, with <paramref name="notIfStartedWithin"/>, one started
    /// recently anywhere); a started one runs in the background on this replica.
    /// </summary>
    public async Task<ResyncStartResult> StartAsync(string trigger, TimeSpan? notIfStartedWithin, CancellationToken cancellationToken)
    {
        var result = await runs.TryStartAsync(trigger, Runner, options.Value.MaxConcurrentResyncs, notIfStartedWithin, cancellationToken);
        if (result.Outcome == ResyncStartOutcome.Started)
        {
            var progress = new ResyncProgress(result.Run.Id, trigger, result.Run.StartedAt);
            _ = Task.Run(() => ExecuteAsync(progress), CancellationToken.None);
        }

        return result;
    }

    public Task<ResyncRun?> FindAsync(string id, CancellationToken cancellationToken) => runs.FindAsync(id, cancellationToken);

    private async Task ExecuteAsync(ResyncProgress progress)
    {
        metrics.ResyncRunning.Inc();
        using var finished = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var reporter = ReportProgressAsync(progress, finished.Token);
        var state = ResyncState.Completed;
        string? error = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FleetResync>().RunAsync(progress, lifetime.ApplicationStopping);
        }
        catch (Exception ex)
        {
            state = ResyncState.Failed;
            error = lifetime.ApplicationStopping.IsCancellationRequested ? $"cancelled: replica {Runner} stopped" : ex.Message;
            logger.LogError(ex, "Resync {SnapshotId} failed after {Published}/{Total} events", progress.Id, progress.Published, progress.Total);
        }
        finally
        {
            await finished.CancelAsync();
            await reporter;
            metrics.ResyncRunning.Dec();
        }

        try
        {
            await runs.FinishAsync(progress.Id, state, progress.Total, progress.Published, error, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Resync {SnapshotId} ended {State} but could not be recorded; it shows as abandoned after {AbandonedAfter}",
                progress.Id, state, ResyncRunStore.AbandonedAfter);
        }
    }

    private async Task ReportProgressAsync(ResyncProgress progress, CancellationToken finished)
    {
        using var timer = new PeriodicTimer(ResyncRunStore.ProgressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(finished))
            {
                try
                {
                    if (!await runs.ReportProgressAsync(progress.Id, progress.Total, progress.Published, finished))
                    {
                        logger.LogWarning("Resync {SnapshotId} was marked abandoned while it still runs here; its end will be recorded all the same", progress.Id);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Resync {SnapshotId}: progress not recorded ({Reason}); will retry", progress.Id, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended: its final counters are written by FinishAsync.
        }
    }
}
