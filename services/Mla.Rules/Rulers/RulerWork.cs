using Mla.Contracts.Rules;

namespace Mla.Rules.Rulers;

/// <summary>One cluster's share of a ruler pass: the groups it should hold there (none when inactive: all go).</summary>
internal sealed record RulerWork(string ClusterId, bool Active, IReadOnlyList<RuleGroupState> Groups);
