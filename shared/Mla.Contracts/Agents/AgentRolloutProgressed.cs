namespace Mla.Contracts.Agents;

/// <summary>
/// A wave of an agent rollout started or finished (<paramref name="WaveState"/>): the component, the image it moves
/// to, the wave (0-based) and the rollout's overall progress in percent.
/// </summary>
public sealed record AgentRolloutProgressed(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    string RolloutId,
    string Component,
    string Image,
    int Wave,
    string WaveState,
    int Percent)
    : IIntegrationEvent;
