namespace Mla.Rules.Api;

/// <summary>The API view of one rule group's (or the Alertmanager configuration's) status.</summary>
internal sealed record RuleGroupStatusView(string Name, string ClusterId, string Status, string? Reason, DateTimeOffset Since);
