namespace Mla.Contracts.Clusters;

/// <summary>A user cluster was deleted in KKP; carries its full state.</summary>
public sealed record ClusterDeleted(string EventId, string Source, DateTimeOffset OccurredAt, ClusterState Cluster)
    : IIntegrationEvent;
