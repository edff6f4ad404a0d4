using Microsoft.Extensions.Options;

namespace Mla.Webhooks.Resync;

/// <summary>Starts a resync every <see cref="WebhooksOptions.ResyncInterval"/>, so that lost events are healed.</summary>
internal sealed class ResyncScheduler(ResyncCoordinator coordinator, IOptions<WebhooksOptions> options, TimeProvider time, ILogger<ResyncScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
            var (run, started) = coordinator.Start("schedule");
            if (!started)
            {
                logger.LogInformation("Scheduled resync skipped: resync {SnapshotId} is still running", run.Id);
            }
        }
    }
}
