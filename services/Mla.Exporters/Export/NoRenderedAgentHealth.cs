using Mla.Contracts.Agents;

namespace Mla.Exporters.Export;

internal sealed class NoRenderedAgentHealth : IRenderedAgentHealth
{
    public bool ObservesAgents => false;

    public (AgentStatus Status, string? Reason)? StatusOf(string clusterId) => null;
}
