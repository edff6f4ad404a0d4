using Mla.Contracts.Rules;

namespace Mla.Rules.Status;

/// <summary>A group's (or configuration's) status, the reason for Invalid and Failed, and since when it holds.</summary>
internal sealed record SyncStatus(RuleGroupSyncStatus State, string? Reason, DateTimeOffset Since)
{
    public bool SameAs(SyncStatus other) => State == other.State && string.Equals(Reason, other.Reason, StringComparison.Ordinal);
}
