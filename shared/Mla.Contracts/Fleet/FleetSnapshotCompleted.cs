namespace Mla.Contracts.Fleet;

/// <summary>A resync finished: <paramref name="Published"/> events were re-published for snapshot <paramref name="SnapshotId"/>.</summary>
public sealed record FleetSnapshotCompleted(string EventId, string Source, DateTimeOffset OccurredAt, string SnapshotId, int Published)
    : IIntegrationEvent;
