namespace Mla.Exporters.Rollouts;

/// <summary>One wave of a rollout request: a label selector on the clusters' labels, or a percentage of the clusters no earlier wave took.</summary>
public sealed record RolloutWaveRequest(string? Selector = null, int? Percent = null, int? MaxFailures = null);
