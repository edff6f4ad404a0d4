using Mla.Contracts.Agents;
using Mla.Exporters.Export;

namespace Mla.IntegrationTests.Exporters;

/// <summary>
/// A render-mode health source that sees the rendered agents but never reports them Healthy (they keep starting): a
/// rollout may then wait for health, and stays Running for the whole test.
/// </summary>
internal sealed class AgentsStartingHealth : IRenderedAgentHealth
{
    public bool ObservesAgents => true;

    public (AgentStatus Status, string? Reason)? StatusOf(string clusterId) => (AgentStatus.Progressing, "test: the agents keep starting");
}
