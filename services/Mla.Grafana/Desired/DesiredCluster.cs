namespace Mla.Grafana.Desired;

/// <summary>A cluster as the sync needs it: its datasources exist while MLA (metrics or logs) is on.</summary>
public sealed record DesiredCluster(string Id, string Name, string Seed, string ProjectId, bool MlaEnabled);
