namespace Mla.Contracts.Rules;

/// <summary>Desired state of one rule group of a user cluster; <paramref name="Id"/> is the group name.</summary>
public sealed record RuleGroupState(string Id, string ClusterId, RuleGroupType Type, string Yaml);
