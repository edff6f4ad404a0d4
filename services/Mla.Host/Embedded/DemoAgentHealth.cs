using System.Collections.Concurrent;
using Mla.Contracts.Agents;
using Mla.Exporters.Export;

namespace Mla.Host.Embedded;

/// <summary>
/// The health of the demo clusters' agents in render mode: the rendered metrics agent runs here as a process, so
/// a demo cluster is Healthy while its process runs and Degraded when it exited.
/// </summary>
internal sealed class DemoAgentHealth : IRenderedAgentHealth, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ManagedProcess> _processes = new(StringComparer.Ordinal);

    public bool ObservesAgents => true;

    public (AgentStatus Status, string? Reason)? StatusOf(string clusterId) =>
        _processes.TryGetValue(clusterId, out var process)
            ? process.HasExited ? (AgentStatus.Degraded, "the demo agent process exited") : (AgentStatus.Healthy, null)
            : (AgentStatus.Progressing, "rendered; the demo agent is starting");

    public void Track(string clusterId, ManagedProcess process) => _processes[clusterId] = process;

    public async Task StopAsync(string clusterId)
    {
        if (_processes.TryRemove(clusterId, out var process))
        {
            await process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var clusterId in _processes.Keys.ToList())
        {
            await StopAsync(clusterId);
        }
    }
}
