namespace Mla.Contracts.Clusters;

/// <summary>Desired state of a KKP user cluster, as far as MLA cares. The cluster id is the MLA tenant id.</summary>
public sealed record ClusterState(
    string Id,
    string Name,
    string Seed,
    string ProjectId,
    string Phase,
    bool MonitoringEnabled,
    bool LoggingEnabled,
    IReadOnlyDictionary<string, string> Labels);
