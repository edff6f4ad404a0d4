namespace Mla.Exporters.Rollouts;

/// <summary>One cluster of a wave, as stored.</summary>
public sealed class RolloutCluster
{
    public required string ClusterId { get; init; }

    public RolloutClusterState State { get; set; } = RolloutClusterState.Pending;

    /// <summary>When it was moved to the new image (the health timeout counts from here).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why it failed (the agents' last status and reason).</summary>
    public string? Reason { get; set; }

    public bool Settled => State is RolloutClusterState.Succeeded or RolloutClusterState.Rendered or RolloutClusterState.Failed or RolloutClusterState.RolledBack;

    /// <summary>The cluster's desired state carries the rollout's image.</summary>
    public bool OnNewImage => State is RolloutClusterState.Updating or RolloutClusterState.Succeeded or RolloutClusterState.Rendered or RolloutClusterState.Failed;
}
