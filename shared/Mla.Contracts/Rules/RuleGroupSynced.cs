namespace Mla.Contracts.Rules;

/// <summary>
/// The sync status of a rule group changed. <paramref name="RuleGroup"/> is the group's name, or
/// <c>alertmanager</c> with <paramref name="IsAlertmanagerConfig"/> for the cluster's Alertmanager configuration.
/// </summary>
public sealed record RuleGroupSynced(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    string ClusterId,
    string RuleGroup,
    bool IsAlertmanagerConfig,
    RuleGroupSyncStatus Status,
    string? Reason,
    string? Seed) : IIntegrationEvent;
