using Microsoft.Extensions.Options;
using Mla.Hosting.Loops;
using Mla.Rules.Desired;

namespace Mla.Rules.Sync;

/// <summary>
/// Level-triggered sync: a pass after every burst of changes (collected for <see cref="RulesOptions.BatchDelay"/>,
/// so a burst is one reload) and every <see cref="RulesOptions.ResyncInterval"/> without one; after a failed pass,
/// again after a back-off that doubles up to <see cref="RulesOptions.MaxRetryDelay"/>.
/// </summary>
internal sealed class RulesSyncLoop(DesiredRules desired, RulesSynchronizer synchronizer, IOptions<RulesOptions> options, TimeProvider time, LoopSupervisor supervisor)
    : SupervisedLoop("rules-sync", supervisor)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var retry = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = retry > TimeSpan.Zero ? retry : settings.ResyncInterval;
            if (await desired.WaitForChangeAsync(wait, stoppingToken) && settings.BatchDelay > TimeSpan.Zero)
            {
                await Task.Delay(settings.BatchDelay, time, stoppingToken);
            }

            var ok = await synchronizer.RunOnceAsync(stoppingToken);
            retry = ok ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, Math.Max(settings.RetryDelay.Ticks, retry.Ticks * 2)));
        }
    }
}
