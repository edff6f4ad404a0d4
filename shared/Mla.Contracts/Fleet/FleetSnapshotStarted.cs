namespace Mla.Contracts.Fleet;

/// <summary>
/// A resync began: the events that follow, up to <see cref="FleetSnapshotCompleted"/> with the same snapshot id,
/// re-publish the whole desired state of the fleet. Consumers may mark-and-sweep what the snapshot did not name.
/// </summary>
public sealed record FleetSnapshotStarted(string EventId, string Source, DateTimeOffset OccurredAt, string SnapshotId, int ObjectCount)
    : IIntegrationEvent;
