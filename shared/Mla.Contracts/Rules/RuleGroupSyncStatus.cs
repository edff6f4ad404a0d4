namespace Mla.Contracts.Rules;

/// <summary>Where a rule group (or a cluster's Alertmanager configuration) stands with its backend.</summary>
public enum RuleGroupSyncStatus
{
    /// <summary>Known, not yet written (or a write is under way).</summary>
    Pending,

    /// <summary>The backend holds exactly the desired state.</summary>
    Synced,

    /// <summary>The group is wrong (structure, expression, configuration); the reason says why. Fixed only by a new version.</summary>
    Invalid,

    /// <summary>The backend could not be written (down, refused, none configured); retried with back-off.</summary>
    Failed,
}
