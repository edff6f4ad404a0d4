namespace Mla.Contracts.Agents;

/// <summary>The agents of one user cluster: their status (with the reason when not Healthy) and the versions they run.</summary>
public sealed record ClusterAgentsState(
    string ClusterId,
    string Seed,
    AgentStatus Status,
    string? Reason,
    IReadOnlyDictionary<string, string> Images,
    DateTimeOffset Since);
