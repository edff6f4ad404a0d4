namespace Mla.Exporters.Rollouts;

/// <summary>
/// One fleet upgrade of one agent component, as stored (one JSON document per rollout): the image it moves to,
/// its waves with their clusters, and where it is. The loop and the API change it; every change is written with
/// optimistic concurrency (<see cref="Version"/>).
/// </summary>
public sealed class AgentRollout
{
    public required string Id { get; init; }

    /// <summary>The key of <c>Mla:Exporters:Images</c> the rollout changes (<c>VmAgent</c>, <c>FluentBit</c> …).</summary>
    public required string Component { get; init; }

    public required string Image { get; init; }

    /// <summary>The fleet's image of the component when the rollout was created (what clusters go back to, unless an earlier rollout left them elsewhere).</summary>
    public required string FromImage { get; init; }

    public RolloutState State { get; set; } = RolloutState.Running;

    public int CurrentWave { get; set; }

    /// <summary>Clusters moved at once within a wave.</summary>
    public int MaxConcurrency { get; init; }

    /// <summary>How long a moved cluster may take to be Healthy on the new image (without <see cref="WaitForHealth"/>: to be written with it).</summary>
    public TimeSpan HealthTimeout { get; init; }

    /// <summary>
    /// True (the default, also of rollouts stored before the field existed): a moved cluster is done when its agents are
    /// Healthy on the new image. False: as soon as its desired state with the new image was written (state
    /// <see cref="RolloutClusterState.Rendered"/>), health not observed.
    /// </summary>
    public bool WaitForHealth { get; init; } = true;

    public required List<RolloutWave> Waves { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why it halted or was aborted.</summary>
    public string? Reason { get; set; }

    /// <summary>The row version (not part of the document): a write succeeds only on the version it read.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Version { get; set; }

    public bool Active => State is RolloutState.Running or RolloutState.Paused;

    /// <summary>Settled clusters of every wave in percent (a completed rollout is 100).</summary>
    public int Percent
    {
        get
        {
            if (State == RolloutState.Completed)
            {
                return 100;
            }

            var total = Math.Max(1, Waves.Count);
            return (int)Math.Floor(Waves.Sum(w => (double)w.PercentDone) / total);
        }
    }

    /// <summary>The image this rollout gives a cluster that had <paramref name="previous"/> before it.</summary>
    public string ImageFor(string clusterId, IReadOnlyDictionary<string, string> labels, string previous)
    {
        switch (State)
        {
            case RolloutState.Aborted:
                return previous;
            case RolloutState.Completed:
                return Image;
        }

        foreach (var wave in Waves)
        {
            if (wave.Clusters.FirstOrDefault(c => c.ClusterId == clusterId) is { } member)
            {
                return member.OnNewImage ? Image : previous;
            }
        }

        // Not in any wave yet (created during the rollout): the version of the wave it belongs to.
        return WaveOf(labels) is { State: WaveState.Succeeded } ? Image : previous;
    }

    /// <summary>
    /// The wave a cluster no wave holds yet belongs to: the first selector wave it matches, else the first percentage
    /// wave not finished yet, else (every percentage wave done) the last finished one.
    /// </summary>
    public RolloutWave? WaveOf(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var wave in Waves.Where(w => w.Selector is not null))
        {
            if (LabelSelector.Parse(wave.Selector!).Matches(labels))
            {
                return wave;
            }
        }

        var byPercent = Waves.Where(w => w.Percent is not null).ToList();
        return byPercent.FirstOrDefault(w => w.State is WaveState.Pending or WaveState.Running) ?? byPercent.LastOrDefault();
    }
}
