namespace Mla.Webhooks.Catalog;

/// <summary>
/// The last known desired state of one fleet object, as the KKP event that carried it: its kind and key, the event
/// type (so a resync re-publishes the same kind of event), when it happened, and the object's state as JSON.
/// </summary>
public sealed record CatalogEntry(
    ObjectKind Kind,
    string Key,
    string KkpType,
    string EventId,
    string Source,
    DateTimeOffset Time,
    bool Deleted,
    string? Seed,
    string? ProjectId,
    string? ClusterId,
    string StateJson);
