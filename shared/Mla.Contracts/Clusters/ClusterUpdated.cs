namespace Mla.Contracts.Clusters;

/// <summary>A user cluster was updated in KKP; carries its full state.</summary>
public sealed record ClusterUpdated(string EventId, string Source, DateTimeOffset OccurredAt, ClusterState Cluster)
    : IIntegrationEvent;
