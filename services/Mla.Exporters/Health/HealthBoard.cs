using System.Collections.Concurrent;
using Mla.Contracts.Agents;

namespace Mla.Exporters.Health;

/// <summary>The last known agents' state of every cluster; <see cref="Update"/> says whether it changed.</summary>
public sealed class HealthBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ClusterAgentsState> _states = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _passes = new(StringComparer.Ordinal);

    /// <summary>How many passes over the cluster completed (reachable or not).</summary>
    public long Passes(string clusterId) => _passes.GetValueOrDefault(clusterId);

    public void PassCompleted(string clusterId) => _passes.AddOrUpdate(clusterId, 1, (_, n) => n + 1);

    public ClusterAgentsState? Get(string clusterId) => _states.GetValueOrDefault(clusterId);

    public IReadOnlyList<ClusterAgentsState> All() => _states.Values.OrderBy(s => s.ClusterId, StringComparer.Ordinal).ToList();

    /// <summary>Records a status; returns the new state when status, reason or images changed, null otherwise.</summary>
    public ClusterAgentsState? Update(string clusterId, string seed, AgentStatus status, string? reason, IReadOnlyDictionary<string, string> images)
    {
        var current = _states.GetValueOrDefault(clusterId);
        if (current is not null && current.Status == status && current.Reason == reason && current.Seed == seed
            && current.Images.Count == images.Count && current.Images.All(kv => images.TryGetValue(kv.Key, out var v) && v == kv.Value))
        {
            return null;
        }

        var next = new ClusterAgentsState(clusterId, seed, status, reason, images, time.GetUtcNow());
        _states[clusterId] = next;
        return next;
    }

    public void Forget(string clusterId) => _states.TryRemove(clusterId, out _);
}
