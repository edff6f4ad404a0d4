namespace Mla.Exporters.Rollouts;

/// <summary>
/// One wave, as stored: its clusters are those matching <see cref="Selector"/> (joined while the wave runs, so a
/// cluster created meanwhile is moved too) or <see cref="Percent"/> of the clusters no earlier wave holds (chosen
/// when the wave starts).
/// </summary>
public sealed class RolloutWave
{
    public int Index { get; init; }

    /// <summary>A label selector on the cluster's labels (<c>ring=canary</c>, <c>env in (dev,test)</c>, <c>!pinned</c>).</summary>
    public string? Selector { get; init; }

    /// <summary>Percentage (1–100) of the clusters not in an earlier wave.</summary>
    public int? Percent { get; init; }

    /// <summary>Clusters of this wave that may fail before it halts the rollout.</summary>
    public int MaxFailures { get; init; }

    public WaveState State { get; set; } = WaveState.Pending;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public List<RolloutCluster> Clusters { get; set; } = [];

    public int Failures => Clusters.Count(c => c.State == RolloutClusterState.Failed);

    /// <summary>Settled clusters in percent (100 for a finished wave, 0 for one not started).</summary>
    public int PercentDone => State is WaveState.Succeeded ? 100
        : Clusters.Count == 0 ? 0
        : Clusters.Count(c => c.Settled) * 100 / Clusters.Count;
}
