namespace Mla.Webhooks.Clusters;

/// <summary>A cluster as <c>GET /api/v1/clusters</c> shows it: its desired state and the event that set it.</summary>
public sealed record ClusterView(
    string Id,
    string Name,
    string Seed,
    string ProjectId,
    string Phase,
    bool MonitoringEnabled,
    bool LoggingEnabled,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset UpdatedAt,
    string LastEventId,
    string LastEventType);
