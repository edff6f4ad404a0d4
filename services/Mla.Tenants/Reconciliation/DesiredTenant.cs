using Mla.Contracts.Clusters;
using Mla.Contracts.Settings;
using Mla.Tenants.Store;

namespace Mla.Tenants.Reconciliation;

/// <summary>
/// What one event wants for the tenant of a cluster: cluster facts (from a cluster event) or limit overrides (from a
/// settings event), and when the event happened. The reconciler converges the stored tenant towards it.
/// </summary>
public sealed record DesiredTenant(string ClusterId, DateTimeOffset OccurredAt, ClusterFacts? Cluster, LimitOverrides? Limits)
{
    public static DesiredTenant FromCluster(ClusterState cluster, bool deleted, DateTimeOffset occurredAt) => new(
        cluster.Id,
        occurredAt,
        new ClusterFacts(cluster.Seed, cluster.ProjectId, !deleted && (cluster.MonitoringEnabled || cluster.LoggingEnabled)),
        null);

    public static DesiredTenant FromSettings(MlaSettingsState settings, DateTimeOffset occurredAt) => new(
        settings.ClusterId,
        occurredAt,
        null,
        new LimitOverrides(settings.ClusterId, settings.Monitoring, settings.Logging, occurredAt));
}
