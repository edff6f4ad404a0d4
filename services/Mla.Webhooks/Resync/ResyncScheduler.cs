using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;

namespace Mla.Webhooks.Resync;

/// <summary>
/// Starts a resync every <see cref="WebhooksOptions.ResyncInterval"/>, so that lost events are healed. Each replica
/// ticks; a tick that finds a resync started within half the interval anywhere in the fleet, or the bound reached,
/// skips, so the fleet resyncs about once per interval.
/// </summary>
internal sealed class ResyncScheduler(ResyncCoordinator coordinator, IOptions<WebhooksOptions> options, TimeProvider time, ILogger<ResyncScheduler> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("webhooks-resync-schedule", supervisor)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ResyncInterval;
        if (interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Scheduled resync is off (Mla:Webhooks:ResyncInterval = 0)");
            return;
        }

        logger.LogInformation("Scheduled resync every {Interval}", interval);
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var result = await coordinator.StartAsync("schedule", interval / 2, stoppingToken);
                switch (result.Outcome)
                {
                    case ResyncStartOutcome.Busy:
                        logger.LogInformation("Scheduled resync skipped: resync {SnapshotId} is still running on {Runner}", result.Run.Id, result.Run.Runner);
                        break;
                    case ResyncStartOutcome.RecentlyRan:
                        logger.LogInformation("Scheduled resync skipped: resync {SnapshotId} started at {StartedAt:O} on {Runner}", result.Run.Id, result.Run.StartedAt, result.Run.Runner);
                        break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Scheduled resync not started: {Reason}; next try in {Interval}", ex.Message, interval);
            }
        }
    }
}
