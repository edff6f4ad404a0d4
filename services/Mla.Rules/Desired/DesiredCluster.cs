using Mla.Contracts.Rules;

namespace Mla.Rules.Desired;

/// <summary>
/// A consistent copy of one cluster's desired rules for a sync pass. <see cref="Active"/>: MLA on and the cluster
/// not deleted, so its groups and configuration belong in the backends.
/// </summary>
internal sealed record DesiredCluster(
    string ClusterId,
    string? Seed,
    bool Active,
    IReadOnlyList<RuleGroupState> Groups,
    string? AlertmanagerYaml)
{
    /// <summary>The signals whose default groups the cluster gets (a known cluster with monitoring or logging on).</summary>
    public IReadOnlyList<RuleGroupType> DefaultSignals { get; init; } = [];
}
