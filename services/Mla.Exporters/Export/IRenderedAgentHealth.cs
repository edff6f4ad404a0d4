using Mla.Contracts.Agents;

namespace Mla.Exporters.Export;

/// <summary>Render mode: who knows whether the rendered agents run (the embedded default's local agents); null: nobody.</summary>
public interface IRenderedAgentHealth
{
    (AgentStatus Status, string? Reason)? StatusOf(string clusterId);
}
