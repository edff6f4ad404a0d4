using System.Text.RegularExpressions;
using Mla.Contracts.Alertmanager;
using Mla.Contracts.Clusters;
using Mla.Contracts.Rules;

namespace Mla.Rules.Desired;

/// <summary>
/// The desired state from the events (each carries its object's full state), ordered per object by the time it
/// happened, so a late or replayed event never undoes a newer one. Every change wakes the sync.
/// </summary>
internal sealed partial class DesiredRules : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ClusterRules> _clusters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>A tenant id as it becomes part of file names, routes and labels: a Kubernetes name.</summary>
    public static bool IsValidClusterId(string id) => ClusterIdPattern().IsMatch(id);

    /// <summary>Waits until something changed since the last wait, or the timeout passed.</summary>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

    public void Apply(ClusterState cluster, DateTimeOffset at, bool deleted) => Change(cluster.Id, rules =>
    {
        if (at < rules.ClusterChangedAt)
        {
            return false;
        }

        rules.ClusterChangedAt = at;
        rules.Seed = cluster.Seed;
        var enabled = !deleted && (cluster.MonitoringEnabled || cluster.LoggingEnabled);
        var changed = rules.MlaEnabled != enabled || !rules.Known
            || rules.MonitoringEnabled != cluster.MonitoringEnabled || rules.LoggingEnabled != cluster.LoggingEnabled;
        rules.Known = true;
        rules.MonitoringEnabled = cluster.MonitoringEnabled;
        rules.LoggingEnabled = cluster.LoggingEnabled;
        rules.MlaEnabled = enabled;
        if (deleted)
        {
            // Deleted with the cluster: a later re-creation starts from its own events.
            changed |= rules.Groups.Count > 0 || rules.Alertmanager is not null;
            foreach (var name in rules.Groups.Keys)
            {
                rules.DeletedGroups[name] = at;
            }

            rules.Groups.Clear();
            rules.Alertmanager = null;
            rules.AlertmanagerChangedAt = at;
        }

        return changed;
    });

    public void Apply(RuleGroupState group, string? seed, DateTimeOffset at, bool deleted) => Change(group.ClusterId, rules =>
    {
        rules.Seed ??= seed;
        var newest = Math.Max(
            rules.Groups.TryGetValue(group.Id, out var current) ? current.At.UtcTicks : 0,
            rules.DeletedGroups.TryGetValue(group.Id, out var gone) ? gone.UtcTicks : 0);
        if (at.UtcTicks < newest)
        {
            return false;
        }

        if (deleted)
        {
            rules.DeletedGroups[group.Id] = at;
            return rules.Groups.Remove(group.Id);
        }

        rules.DeletedGroups.Remove(group.Id);
        rules.Groups[group.Id] = (group, at);
        return current.Group != group;
    });

    public void Apply(AlertmanagerConfigState config, string? seed, DateTimeOffset at, bool deleted) => Change(config.ClusterId, rules =>
    {
        rules.Seed ??= seed;
        if (at < rules.AlertmanagerChangedAt)
        {
            return false;
        }

        rules.AlertmanagerChangedAt = at;
        var changed = deleted ? rules.Alertmanager is not null : rules.Alertmanager != config;
        rules.Alertmanager = deleted ? null : config;
        return changed;
    });

    /// <summary>Wakes the sync without a change (a resync was asked for).</summary>
    public void Touch() => Signal();

    public IReadOnlyList<DesiredCluster> Snapshot()
    {
        lock (_lock)
        {
            return _clusters.Values
                .Select(c => new DesiredCluster(
                    c.ClusterId,
                    c.Seed,
                    c.MlaEnabled,
                    c.MlaEnabled ? [.. c.Groups.Values.Select(g => g.Group).OrderBy(g => g.Id, StringComparer.Ordinal)] : [],
                    c.MlaEnabled ? c.Alertmanager?.Yaml : null)
                {
                    DefaultSignals = !c.Known || !c.MlaEnabled ? []
                        : [.. new[] { (c.MonitoringEnabled, RuleGroupType.Metrics), (c.LoggingEnabled, RuleGroupType.Logs) }.Where(s => s.Item1).Select(s => s.Item2)],
                })
                .ToList();
        }
    }

    private void Change(string clusterId, Func<ClusterRules, bool> change)
    {
        if (!IsValidClusterId(clusterId))
        {
            throw new ArgumentException($"cluster id '{clusterId}' is not a valid tenant id", nameof(clusterId));
        }

        bool changed;
        lock (_lock)
        {
            if (!_clusters.TryGetValue(clusterId, out var rules))
            {
                _clusters[clusterId] = rules = new ClusterRules(clusterId);
            }

            changed = change(rules);
        }

        if (changed)
        {
            Signal();
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the next pass sees this change too.
        }
    }

    public void Dispose() => _changed.Dispose();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex ClusterIdPattern();
}
