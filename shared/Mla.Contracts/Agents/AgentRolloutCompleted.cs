namespace Mla.Contracts.Agents;

/// <summary>Every wave of an agent rollout finished within its failure budget: the fleet runs <paramref name="Image"/> for the component.</summary>
public sealed record AgentRolloutCompleted(
    string EventId,
    string Source,
    DateTimeOffset OccurredAt,
    string RolloutId,
    string Component,
    string Image,
    int Clusters,
    int FailedClusters)
    : IIntegrationEvent;
