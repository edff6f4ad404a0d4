namespace Mla.Grafana.Sync;

/// <summary>What the last sync of a project did: its org, members, datasources, when, and the error if it failed.</summary>
public sealed record ProjectSyncStatus(string ProjectId, long? OrgId, int Users, int Datasources, DateTimeOffset At, string? Error);
