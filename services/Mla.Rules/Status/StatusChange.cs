namespace Mla.Rules.Status;

/// <summary>A status that differs from the one before (what is published as <c>RuleGroupSynced</c>).</summary>
internal sealed record StatusChange(StatusKey Key, string? Seed, SyncStatus Status);
