using Microsoft.Extensions.Options;
using Mla.Grafana.Api;
using Mla.Grafana.Sync;
using Mla.Hosting.Lifetime;
using Mla.Hosting.Loops;

namespace Mla.Grafana.Hosting;

/// <summary>
/// Auth-proxy mode: members Grafana does not know yet join their project orgs soon after their first login, not at
/// the next resync. While the last successful sync left anyone waiting, every <c>FirstLoginCheckInterval</c> it asks
/// Grafana one cheap question, how many users it has (<see cref="GrafanaApi.CountUsersAsync"/>: one GET however many
/// wait; no per-user lookups), and wakes the sync when the answer differs from the count read just before that run.
/// Nobody waiting: no request. Nothing changed: no wake (an idle system makes no run because of it). It wakes once
/// per new count; the run it causes reads the count again. A signup and a deletion between two checks leave the count
/// unchanged: those users join at the next resync. Off without <c>Url</c>, without <c>AuthProxy</c> or with an interval of 0.
/// </summary>
internal sealed class FirstLoginWatch(
    GrafanaSyncLoop sync,
    GrafanaSyncStatus status,
    GrafanaMetrics metrics,
    IServiceProvider services,
    IOptions<GrafanaOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<FirstLoginWatch> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("grafana-first-login", supervisor)
{
    private long _ticks;

    /// <summary>Check intervals passed, whether or not they asked Grafana (tests wait for these instead of sleeping).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WatchesFirstLogin)
        {
            logger.LogInformation(
                "Grafana first-login watch is off ({Reason})",
                !settings.Enabled ? "the sync is off" : !settings.AuthProxy ? "Mla:Grafana:AuthProxy is off: the sync creates users" : "Mla:Grafana:FirstLoginCheckInterval is 0");
            return;
        }

        await lifetime.WaitUntilStartedAsync(stoppingToken);
        var api = services.GetRequiredService<GrafanaApi>();
        logger.LogInformation(
            "Grafana first-login watch: every {Interval} while members wait for their first login, one user count from Grafana; the sync is woken when it changed",
            settings.FirstLoginCheckInterval);
        using var timer = new PeriodicTimer(settings.FirstLoginCheckInterval, time);
        long? wokenFor = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Interlocked.Increment(ref _ticks);
                var (waiting, usersBeforeRun) = status.FirstLoginBaseline;
                if (waiting == 0)
                {
                    continue;
                }

                long users;
                try
                {
                    users = await api.CountUsersAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is GrafanaUnavailableException or GrafanaRejectedException && !stoppingToken.IsCancellationRequested)
                {
                    // The sync loop reports Grafana's outages; the next interval asks again.
                    logger.LogDebug("Grafana first-login watch: no user count ({Reason}); asking again in {Interval}", ex.Message, settings.FirstLoginCheckInterval);
                    continue;
                }

                if (users == usersBeforeRun || users == wokenFor)
                {
                    continue;
                }

                wokenFor = users;
                metrics.FirstLoginWakes.Inc();
                logger.LogDebug(
                    "Grafana has {Users} users ({Before} before the last sync) while {Waiting} members wait for their first login: sync woken",
                    users, usersBeforeRun, waiting);
                sync.Wake();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
