namespace Mla.Contracts.Agents;

/// <summary>
/// An agent rollout stopped for good: a wave failed more clusters than allowed (its clusters go back to the previous
/// image; later waves are not touched), or an operator aborted it (every moved cluster goes back).
/// </summary>
public sealed record AgentRolloutHalted(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    string RolloutId,
    string Component,
    string Image,
    int Wave,
    string Reason,
    IReadOnlyList<string> FailedClusters)
    : IIntegrationEvent;
