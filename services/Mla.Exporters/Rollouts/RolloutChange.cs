namespace Mla.Exporters.Rollouts;

/// <summary>The result of pause, resume or abort: the rollout as written, or why not.</summary>
public sealed record RolloutChange(RolloutChangeOutcome Outcome, AgentRollout? Rollout, string? Problem);
