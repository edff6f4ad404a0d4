using Microsoft.Extensions.Options;
using Mla.Grafana.Api;
using Mla.Grafana.Desired;
using Mla.Grafana.Sync;
using Mla.Hosting.Lifetime;
using Mla.Hosting.Loops;

namespace Mla.Grafana.Hosting;

/// <summary>
/// Runs the sync after events (woken, a burst makes one run) and every <c>ResyncInterval</c>; Grafana unavailable or
/// refusing a call outside any one project: again after a back-off (<c>RetryBackOff</c> doubling to <c>MaxRetryBackOff</c>), from the desired state (nothing is lost). Off without <c>Url</c>.
/// </summary>
internal sealed class GrafanaSyncLoop(
    GrafanaDesiredState desired,
    GrafanaSyncStatus status,
    GrafanaMetrics metrics,
    IServiceProvider services,
    IOptions<GrafanaOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<GrafanaSyncLoop> logger,
    LoopSupervisor supervisor)
    : SupervisedLoop("grafana-sync", supervisor)
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Asks for a run soon (events changed the desired state).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Grafana sync is off (Mla:Grafana:Url is not set)");
            return;
        }

        await lifetime.WaitUntilStartedAsync(stoppingToken);
        var sync = services.GetRequiredService<GrafanaSync>();
        var api = services.GetRequiredService<GrafanaApi>();
        logger.LogInformation("Grafana sync to {Url} every {Interval} and after events", settings.Url, settings.ResyncInterval);
        var backOff = settings.RetryBackOff;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            var writes = api.Writes;
            var started = time.GetTimestamp();
            try
            {
                var usersBeforeRun = await CountUsersForFirstLoginWatchAsync(api, settings, stoppingToken);
                await sync.RunOnceAsync(desired.Snapshot(), stoppingToken);
                var now = time.GetUtcNow();
                var waiting = sync.Status.Values.SelectMany(p => p.WaitingForFirstLogin).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                status.Succeeded(now, api.Writes - writes, waiting, usersBeforeRun);
                metrics.SyncDuration.WithLabels("ok").Observe(time.GetElapsedTime(started).TotalSeconds);
                metrics.Errors.WithLabels("rejected").Inc(sync.LastRunRejected);
                metrics.OrgsManaged.Set(sync.Status.Values.Count(p => p.OrgId is not null));
                metrics.DatasourcesManaged.Set(sync.Status.Values.Sum(p => p.Datasources) + sync.AdminOrgDatasources);
                metrics.WaitingForFirstLogin.Set(waiting);
                metrics.LastSuccess.Set(now.ToUnixTimeMilliseconds() / 1000.0);
                backOff = settings.RetryBackOff;
                wait = settings.ResyncInterval;
            }
            catch (Exception ex) when (ex is GrafanaUnavailableException or HttpRequestException or GrafanaRejectedException && !stoppingToken.IsCancellationRequested)
            {
                // Unavailable (down, 5xx, 429, timed out), or a refusal outside any one project (listing the orgs,
                // deleting one, the admins, the admin org): the whole run again after the back-off.
                var kind = ex is GrafanaRejectedException ? "rejected" : "unavailable";
                status.Failed(time.GetUtcNow(), ex.Message);
                metrics.SyncDuration.WithLabels(kind).Observe(time.GetElapsedTime(started).TotalSeconds);
                metrics.Errors.WithLabels(kind).Inc();
                logger.Log(
                    ex is GrafanaRejectedException ? LogLevel.Error : LogLevel.Warning,
                    "Grafana sync failed, {Kind} ({Reason}); again in {Wait}, from the desired state", kind, ex.Message, backOff);
                wait = backOff;
                backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, settings.MaxRetryBackOff.Ticks));
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// With the first-login watch on: Grafana's user count, read before the run looks anyone up, so that a user who
    /// signs up during the run (perhaps after their lookup) changes the count the watch compares with. Null when
    /// Grafana refuses the question (the run goes on; the watch then wakes the sync at most once for it).
    /// </summary>
    private async Task<long?> CountUsersForFirstLoginWatchAsync(GrafanaApi api, GrafanaOptions settings, CancellationToken cancellationToken)
    {
        if (!settings.WatchesFirstLogin)
        {
            return null;
        }

        try
        {
            return await api.CountUsersAsync(cancellationToken);
        }
        catch (GrafanaRejectedException ex)
        {
            logger.LogWarning("Grafana refused the user count for the first-login watch ({Reason}); the sync goes on", ex.Message);
            return null;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
