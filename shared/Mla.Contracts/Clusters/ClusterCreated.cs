namespace Mla.Contracts.Clusters;

/// <summary>A user cluster was created in KKP; carries its full state.</summary>
public sealed record ClusterCreated(string EventId, string Source, DateTimeOffset OccurredAt, ClusterState Cluster)
    : IIntegrationEvent;
