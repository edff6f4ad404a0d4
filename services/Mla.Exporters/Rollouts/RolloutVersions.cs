using Mla.Exporters.Desired;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// The image of each component per cluster, layered over <c>Mla:Exporters:Images</c>: every stored rollout of the
/// component, oldest first, moves the image a cluster had before it (a completed one moves every cluster, an aborted
/// one none, a running or halted one the clusters of its waves that are on the new image). The rollout loop
/// refreshes the snapshot from the store; the exporter reads it when it builds a cluster's desired state.
/// </summary>
public sealed class RolloutVersions
{
    private volatile IReadOnlyList<AgentRollout> _rollouts = [];

    /// <summary>Whether a snapshot was read from the store (until then the configured images hold).</summary>
    public bool Loaded { get; private set; }

    public IReadOnlyList<AgentRollout> Rollouts => _rollouts;

    public void Replace(IReadOnlyList<AgentRollout> rollouts)
    {
        _rollouts = rollouts.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        Loaded = true;
    }

    /// <summary>The images of one cluster: the configured ones with every rollout layered over them.</summary>
    public AgentImages ImagesFor(string clusterId, IReadOnlyDictionary<string, string> labels, AgentImages configured)
    {
        var rollouts = _rollouts;
        if (rollouts.Count == 0)
        {
            return configured;
        }

        var images = configured.Copy();
        foreach (var rollout in rollouts)
        {
            var previous = RolloutComponents.Get(images, rollout.Component);
            RolloutComponents.Set(images, rollout.Component, rollout.ImageFor(clusterId, labels, previous));
        }

        return images;
    }
}
