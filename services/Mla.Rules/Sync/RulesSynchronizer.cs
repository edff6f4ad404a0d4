using MassTransit;
using Microsoft.Extensions.Options;
using Mla.Contracts.Rules;
using Mla.Rules.Alertmanager;
using Mla.Rules.Defaults;
using Mla.Rules.Desired;
using Mla.Rules.Rulers;
using Mla.Rules.Status;
using Mla.Rules.VmAlert;

namespace Mla.Rules.Sync;

/// <summary>
/// One sync pass: the desired state against every backend, then the statuses. A group whose signal has no
/// backend (logs groups while no logs ruler is configured, metrics groups without vmalert) is <c>Failed</c> with
/// that reason, never dropped silently. Changed statuses are published as <c>RuleGroupSynced</c>.
/// </summary>
internal sealed partial class RulesSynchronizer(
    DesiredRules desired,
    DefaultRuleGroups defaults,
    VmAlertRuleSync vmalert,
    AlertmanagerConfigSync alertmanager,
    HttpRulerSync rulers,
    AlertmanagerApiSync alertmanagerApi,
    IOptions<RulesOptions> options,
    StatusBoard board,
    IBus bus,
    RulesMetrics metrics,
    TimeProvider time,
    ILogger<RulesSynchronizer> logger) : IDisposable
{
    public const string Source = "urn:mla:rules";
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Runs a pass; returns false when a backend failed (the loop retries with back-off).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var clusters = defaults.Apply(desired.Snapshot());
        var now = time.GetUtcNow();
        var statuses = new Dictionary<StatusKey, SyncStatus>();
        var success = true;
        SeedBackendsOptions? Backends(DesiredCluster c) => c.Seed is { } seed ? settings.Seeds.GetValueOrDefault(seed) : null;
        foreach (var cluster in clusters.Where(c => c.Active))
        {
            var backends = Backends(cluster);
            foreach (var group in cluster.Groups)
            {
                statuses[StatusKey.Group(cluster.ClusterId, group.Id)] = group.Type switch
                {
                    RuleGroupType.Metrics when backends?.Metrics is null && !vmalert.Configured => NoBackend("metrics", cluster.Seed, now),
                    RuleGroupType.Logs when backends?.Logs is null => NoBackend("logs", cluster.Seed, now),
                    _ => new SyncStatus(RuleGroupSyncStatus.Pending, null, now),
                };
            }

            statuses[StatusKey.Alertmanager(cluster.ClusterId)] = backends?.Alertmanager is not null || alertmanager.Configured
                ? new SyncStatus(RuleGroupSyncStatus.Pending, null, now)
                : new SyncStatus(RuleGroupSyncStatus.Failed, $"no Alertmanager is configured for seed '{cluster.Seed ?? "?"}'", now);
        }

        // The seeds without a metrics ruler or Alertmanager API of their own: the embedded vmalert and Alertmanager.
        if (vmalert.Configured)
        {
            var own = clusters.Where(c => Backends(c)?.Metrics is null).ToList();
            success &= await BackendAsync(VmAlertRuleSync.Backend, () => vmalert.SyncAsync(own, cancellationToken), statuses);
        }

        if (alertmanager.Configured)
        {
            var own = clusters.Where(c => Backends(c)?.Alertmanager is null).ToList();
            success &= await BackendAsync(AlertmanagerConfigSync.Backend, () => alertmanager.SyncAsync(own, cancellationToken), statuses);
        }

        foreach (var (seed, backends) in settings.Seeds.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var ofSeed = clusters.Where(c => c.Seed == seed).ToList();
            foreach (var (ruler, type) in new[] { (backends.Metrics, RuleGroupType.Metrics), (backends.Logs, RuleGroupType.Logs) })
            {
                if (ruler is not null)
                {
                    var work = ofSeed.Select(c => new RulerWork(c.ClusterId, c.Active, [.. c.Groups.Where(g => g.Type == type)])).ToList();
                    var (result, ok) = await rulers.SyncAsync(ruler, work, cancellationToken);
                    Merge(statuses, result);
                    success &= ok;
                }
            }

            if (backends.Alertmanager is { } api)
            {
                var (result, ok) = await alertmanagerApi.SyncAsync(api, ofSeed.Select(c => (c.ClusterId, c.Active, c.AlertmanagerYaml)).ToList(), cancellationToken);
                Merge(statuses, result);
                success &= ok;
            }
        }

        await PublishAsync(clusters, statuses, cancellationToken);
        metrics.Passes.WithLabels(success ? "ok" : "failed").Inc();
        foreach (var state in Enum.GetValues<RuleGroupSyncStatus>())
        {
            metrics.Groups.WithLabels(state.ToString()).Set(statuses.Values.Count(s => s.State == state));
        }

        return success;
    }

    private static void Merge(Dictionary<StatusKey, SyncStatus> statuses, IReadOnlyDictionary<StatusKey, SyncStatus> result)
    {
        foreach (var (key, status) in result)
        {
            statuses[key] = status;
        }
    }

    private async Task<bool> BackendAsync(string backend, Func<Task<IReadOnlyDictionary<StatusKey, SyncStatus>>> sync, Dictionary<StatusKey, SyncStatus> statuses)
    {
        try
        {
            foreach (var (key, status) in await sync())
            {
                statuses[key] = status;
            }

            return true;
        }
        catch (BackendUnavailableException e)
        {
            LogBackendFailed(backend, e.Message);
            foreach (var (key, status) in e.Statuses)
            {
                statuses[key] = status;
            }

            foreach (var key in statuses.Where(s => s.Value.State == RuleGroupSyncStatus.Pending).Select(s => s.Key).ToList())
            {
                statuses[key] = new SyncStatus(RuleGroupSyncStatus.Failed, e.Message, time.GetUtcNow());
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            LogBackendFailed(backend, e.Message);
            foreach (var key in statuses.Where(s => s.Value.State == RuleGroupSyncStatus.Pending).Select(s => s.Key).ToList())
            {
                statuses[key] = new SyncStatus(RuleGroupSyncStatus.Failed, $"{backend}: {e.Message}", time.GetUtcNow());
            }

            return false;
        }
    }

    private async Task PublishAsync(IReadOnlyList<DesiredCluster> clusters, Dictionary<StatusKey, SyncStatus> statuses, CancellationToken cancellationToken)
    {
        var seeds = clusters.ToDictionary(c => c.ClusterId, c => c.Seed, StringComparer.Ordinal);
        foreach (var gone in board.Keys.Where(k => !statuses.ContainsKey(k)))
        {
            board.Remove(gone);
        }

        foreach (var (key, status) in statuses)
        {
            if (board.Set(key, status))
            {
                var seed = seeds.GetValueOrDefault(key.ClusterId);
                LogStatus(key.ClusterId, key.Name, status.State, status.Reason ?? string.Empty);
                await bus.Publish(
                    new RuleGroupSynced(NewId.NextGuid().ToString(), Source, status.Since, key.ClusterId, key.Name, key.IsAlertmanagerConfig, status.State, status.Reason, seed),
                    cancellationToken);
            }
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private static SyncStatus NoBackend(string signal, string? seed, DateTimeOffset now) =>
        new(RuleGroupSyncStatus.Failed, $"no {signal} ruler is configured for seed '{seed ?? "?"}'", now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rules backend {Backend} failed: {Reason}")]
    private partial void LogBackendFailed(string backend, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule group {Group} of cluster {Cluster} is {Status} {Reason}")]
    private partial void LogStatus(string cluster, string group, RuleGroupSyncStatus status, string reason);
}
