using Mla.Contracts.Agents;

namespace Mla.Exporters.Export;

/// <summary>What one pass over a cluster found: the agents' status (reason when not Healthy) and the write calls it made.</summary>
public sealed record ExportOutcome(AgentStatus Status, string? Reason, int Writes);
