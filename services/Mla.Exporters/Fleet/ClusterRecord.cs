using Mla.Contracts.Clusters;
using Mla.Contracts.Tenants;

namespace Mla.Exporters.Fleet;

/// <summary>What the service knows of one user cluster: its last cluster state (from cluster events) and its tenant.</summary>
public sealed record ClusterRecord(string ClusterId, ClusterState? Cluster, DateTimeOffset ClusterAt, bool ClusterDeleted, TenantState? Tenant)
{
    public string? Seed => Cluster?.Seed ?? Tenant?.Seed;

    /// <summary>
    /// Agents are wanted when the tenant is Ready and the cluster is not deleted with MLA on. A Ready tenant whose
    /// cluster state is not known yet (after a restart, before the catalog's next snapshot) gets both agents: a tenant
    /// exists only while monitoring or logging is on.
    /// </summary>
    public bool Wanted => Tenant is { Status: TenantStatus.Ready } && !ClusterDeleted && (Cluster is null || Cluster.MonitoringEnabled || Cluster.LoggingEnabled);

    public bool MonitoringEnabled => Cluster?.MonitoringEnabled ?? true;

    public bool LoggingEnabled => Cluster?.LoggingEnabled ?? true;

    public IReadOnlyDictionary<string, string> Labels => Cluster?.Labels ?? new Dictionary<string, string>();
}
