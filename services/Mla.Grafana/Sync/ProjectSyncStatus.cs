namespace Mla.Grafana.Sync;

/// <summary>
/// What the last sync of a project did: its org, members, datasources, when, and the error if it failed.
/// <see cref="WaitingForFirstLogin"/>: members Grafana does not know yet (auth-proxy mode), added after their first login.
/// </summary>
public sealed record ProjectSyncStatus(string ProjectId, long? OrgId, int Users, int Datasources, DateTimeOffset At, string? Error, IReadOnlyList<string> WaitingForFirstLogin)
{
    public string State => Error is not null ? "error" : WaitingForFirstLogin.Count > 0 ? "waiting for first login" : "synced";
}
