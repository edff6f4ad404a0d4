namespace Mla.Contracts.Agents;

/// <summary>The agents' status of a user cluster changed (published only on a change, not on every check).</summary>
public sealed record ClusterAgentsChanged(string EventId, string Source, DateTimeOffset OccurredAt, ClusterAgentsState Agents)
    : IIntegrationEvent;
