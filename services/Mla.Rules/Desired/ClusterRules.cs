using Mla.Contracts.Alertmanager;
using Mla.Contracts.Rules;

namespace Mla.Rules.Desired;

/// <summary>What MLA knows it should hold for one cluster (tenant): its rule groups and Alertmanager configuration.</summary>
internal sealed class ClusterRules(string clusterId)
{
    public string ClusterId { get; } = clusterId;

    public string? Seed { get; set; }

    /// <summary>Monitoring or logging on (as KKP: either flag). Unknown clusters count as on until an event says otherwise.</summary>
    public bool MlaEnabled { get; set; } = true;

    /// <summary>A cluster event was seen: only then does the cluster get the default groups (of the signals it has on).</summary>
    public bool Known { get; set; }

    public bool MonitoringEnabled { get; set; }

    public bool LoggingEnabled { get; set; }

    /// <summary>When the cluster's last lifecycle event happened; older events about it are stale.</summary>
    public DateTimeOffset ClusterChangedAt { get; set; } = DateTimeOffset.MinValue;

    public Dictionary<string, (RuleGroupState Group, DateTimeOffset At)> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>When each group was last deleted (newer changes win, older ones are stale).</summary>
    public Dictionary<string, DateTimeOffset> DeletedGroups { get; } = new(StringComparer.Ordinal);

    public AlertmanagerConfigState? Alertmanager { get; set; }

    public DateTimeOffset AlertmanagerChangedAt { get; set; } = DateTimeOffset.MinValue;
}
