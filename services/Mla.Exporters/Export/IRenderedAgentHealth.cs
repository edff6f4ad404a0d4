using Mla.Contracts.Agents;

namespace Mla.Exporters.Export;

/// <summary>Render mode: who knows whether the rendered agents run (the embedded default's local agents); null: nobody.</summary>
public interface IRenderedAgentHealth
{
    /// <summary>Whether this source sees the rendered agents at all; false: render mode has no health source.</summary>
    bool ObservesAgents { get; }

    (AgentStatus Status, string? Reason)? StatusOf(string clusterId);
}
