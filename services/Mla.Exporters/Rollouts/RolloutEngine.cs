using MassTransit;
using Microsoft.Extensions.Options;
using Mla.Contracts;
using Mla.Contracts.Agents;
using Mla.Exporters.Fleet;
using Mla.Exporters.Health;

namespace Mla.Exporters.Rollouts;

/// <summary>
/// One level-triggered step over every stored rollout: read them, refresh the per-cluster versions (queueing the
/// clusters whose desired image changed for the export loop), then move each active rollout on — start its wave,
/// move pending clusters (at most <c>MaxConcurrency</c> updating at once), settle the updating ones from the health
/// board (Healthy on the new image, or failed at the health timeout), halt and roll the wave back when it failed
/// more clusters than allowed, finish the wave, the rollout. Each change is written over the version it read;
/// events go out only after the write.
/// </summary>
public sealed class RolloutEngine(
    RolloutStore store,
    RolloutVersions versions,
    FleetState fleet,
    HealthBoard health,
    IOptions<ExportersOptions> options,
    IRolloutEvents events,
    RolloutMetrics metrics,
    TimeProvider time,
    ILogger<RolloutEngine> logger)
{
    public const string EventSource = "urn:mla:exporters:rollouts";

    private readonly Dictionary<string, string> _lastImages = new(StringComparer.Ordinal);

    /// <summary>Reads the stored rollouts into the versions (before the export loop starts, so that a restart never applies a stale image).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken) => versions.Replace(await store.ListAsync(cancellationToken));

    public async Task StepAsync(CancellationToken cancellationToken)
    {
        var all = (await store.ListAsync(cancellationToken)).ToList();
        versions.Replace(all);
        QueueChangedClusters();
        foreach (var rollout in all.Where(r => r.Active))
        {
            var pending = new List<IIntegrationEvent>();
            var settled = new List<(string Outcome, int Count)>();
            if (!Advance(rollout, pending, settled))
            {
                continue;
            }

            rollout.UpdatedAt = time.GetUtcNow();
            if (!await store.TrySaveAsync(rollout, cancellationToken))
            {
                logger.LogInformation("Rollout {Rollout}: changed elsewhere meanwhile; read again at the next step", rollout.Id);
                continue;
            }

            versions.Replace(all);
            QueueChangedClusters();
            foreach (var (outcome, count) in settled)
            {
                metrics.Clusters.WithLabels(rollout.Component, outcome).Inc(count);
            }

            foreach (var message in pending)
            {
                await events.PublishAsync(message, cancellationToken);
            }
        }

        UpdateGauges(all);
    }

    /// <summary>Queues every cluster whose layered images changed since the last step (the export loop applies them).</summary>
    private void QueueChangedClusters()
    {
        var configured = options.Value.Images;
        foreach (var record in fleet.All())
        {
            var images = versions.ImagesFor(record.ClusterId, record.Labels, configured);
            var signature = string.Join('|', images.All().Select(i => i.Image));
            if (_lastImages.TryGetValue(record.ClusterId, out var last) && last != signature)
            {
                fleet.MarkDirty(record.ClusterId);
            }

            _lastImages[record.ClusterId] = signature;
        }
    }

    /// <summary>Moves one active rollout on; true when it changed.</summary>
    private bool Advance(AgentRollout rollout, List<IIntegrationEvent> pending, List<(string, int)> settled)
    {
        var now = time.GetUtcNow();
        var changed = false;
        while (rollout.Active && rollout.CurrentWave < rollout.Waves.Count)
        {
            var wave = rollout.Waves[rollout.CurrentWave];
            if (wave.State == WaveState.Pending)
            {
                // A wave takes its clusters from the fleet: not before the tenant list was read (after a restart the fleet
                // would look empty), unless there is no tenant service and the events alone make the fleet.
                if (rollout.State == RolloutState.Paused || (options.Value.Tenants.Enabled && !fleet.TenantsListed))
                {
                    return changed;
                }

                StartWave(rollout, wave, now, pending);
                changed = true;
            }

            if (rollout.State == RolloutState.Running && wave.Selector is not null && JoinNewClusters(rollout, wave))
            {
                changed = true;
            }

            changed |= Settle(rollout, wave, now, settled);
            if (wave.Failures > wave.MaxFailures)
            {
                Halt(rollout, wave, now, pending, settled);
                return true;
            }

            if (rollout.State == RolloutState.Running)
            {
                changed |= MoveClusters(rollout, wave, now);
            }

            if (!wave.Clusters.All(c => c.Settled))
            {
                return changed;
            }

            wave.State = WaveState.Succeeded;
            wave.FinishedAt = now;
            rollout.CurrentWave++;
            changed = true;
            metrics.Waves.WithLabels(rollout.Component, "succeeded").Inc();
            logger.LogInformation(
                "Rollout {Rollout} of {Component}: wave {Wave} done ({Clusters} clusters, {Failures} failed); {Percent}%",
                rollout.Id, rollout.Component, wave.Index + 1, wave.Clusters.Count, wave.Failures, rollout.Percent);
            pending.Add(Progressed(rollout, wave, now));
        }

        if (rollout.State == RolloutState.Running && rollout.CurrentWave >= rollout.Waves.Count)
        {
            rollout.State = RolloutState.Completed;
            rollout.FinishedAt = now;
            metrics.Rollouts.WithLabels(rollout.Component, rollout.State.ToString()).Inc();
            var clusters = rollout.Waves.Sum(w => w.Clusters.Count);
            var failed = rollout.Waves.Sum(w => w.Failures);
            logger.LogInformation("Rollout {Rollout} of {Component} to {Image} completed: {Clusters} clusters, {Failed} failed; 100%", rollout.Id, rollout.Component, rollout.Image, clusters, failed);
            pending.Add(new AgentRolloutCompleted(NewId.NextGuid().ToString(), EventSource, now, rollout.Id, rollout.Component, rollout.Image, clusters, failed));
            changed = true;
        }

        return changed;
    }

    private void StartWave(AgentRollout rollout, RolloutWave wave, DateTimeOffset now, List<IIntegrationEvent> pending)
    {
        var taken = rollout.Waves.SelectMany(w => w.Clusters).Select(c => c.ClusterId).ToHashSet(StringComparer.Ordinal);
        var eligible = Eligible().Where(r => !taken.Contains(r.ClusterId)).ToList();
        IEnumerable<string> members;
        if (wave.Selector is not null)
        {
            members = eligible.Where(r => rollout.WaveOf(r.Labels) == wave).Select(r => r.ClusterId);
        }
        else
        {
            // Of the clusters no wave holds and no selector wave claims.
            var remaining = eligible.Where(r => !rollout.Waves.Any(w => w.Selector is not null && LabelSelector.Parse(w.Selector).Matches(r.Labels))).ToList();
            members = remaining.Take((int)Math.Ceiling(remaining.Count * wave.Percent!.Value / 100.0)).Select(r => r.ClusterId);
        }

        wave.Clusters = members.Select(id => new RolloutCluster { ClusterId = id }).ToList();
        wave.State = WaveState.Running;
        wave.StartedAt = now;
        logger.LogInformation(
            "Rollout {Rollout} of {Component}: wave {Wave} of {Waves} started with {Clusters} clusters; {Percent}%",
            rollout.Id, rollout.Component, wave.Index + 1, rollout.Waves.Count, wave.Clusters.Count, rollout.Percent);
        pending.Add(Progressed(rollout, wave, now));
    }

    /// <summary>A selector wave takes the clusters that match it while it runs (created during the rollout).</summary>
    private bool JoinNewClusters(AgentRollout rollout, RolloutWave wave)
    {
        var taken = rollout.Waves.SelectMany(w => w.Clusters).Select(c => c.ClusterId).ToHashSet(StringComparer.Ordinal);
        var joining = Eligible().Where(r => !taken.Contains(r.ClusterId) && rollout.WaveOf(r.Labels) == wave).ToList();
        foreach (var record in joining)
        {
            wave.Clusters.Add(new RolloutCluster { ClusterId = record.ClusterId });
            logger.LogInformation("Rollout {Rollout}: cluster {Cluster} joined wave {Wave}", rollout.Id, record.ClusterId, wave.Index + 1);
        }

        return joining.Count > 0;
    }

    /// <summary>
    /// Settles the updating clusters from the health board: Healthy on the new image, Degraded on it, or the timeout;
    /// a rollout that does not wait for health settles them as Rendered once the board shows the new image written.
    /// </summary>
    private bool Settle(AgentRollout rollout, RolloutWave wave, DateTimeOffset now, List<(string, int)> settled)
    {
        var changed = false;
        var board = RolloutComponents.BoardName(rollout.Component);
        foreach (var cluster in wave.Clusters.Where(c => c.State is RolloutClusterState.Updating or RolloutClusterState.Pending))
        {
            // Gone only when the fleet says so: a record not wanted (deleted, MLA off), or none after the tenant list was read
            // (right after a restart the fleet is still filling up from the events and the list).
            var record = fleet.Get(cluster.ClusterId);
            if (record is { Wanted: false } || (record is null && fleet.TenantsListed))
            {
                cluster.State = RolloutClusterState.Succeeded;
                cluster.FinishedAt = now;
                cluster.Reason = "the cluster left the fleet (deleted or MLA off)";
                changed = true;
                continue;
            }

            if (cluster.State != RolloutClusterState.Updating)
            {
                continue;
            }

            var state = health.Get(cluster.ClusterId);
            var onImage = state is not null && (!state.Images.TryGetValue(board, out var running) || running == rollout.Image);
            if (!rollout.WaitForHealth)
            {
                // Done once the export loop wrote the new desired state: the board shows the images it wrote (none while it
                // waits for credentials), the new one among them or the component not deployed there; health is not observed.
                if (onImage && state is { Images.Count: > 0, Status: not (AgentStatus.Degraded or AgentStatus.Unreachable or AgentStatus.Removed) })
                {
                    cluster.State = RolloutClusterState.Rendered;
                    cluster.Reason = $"rendered with {rollout.Image}; health not observed (waitForHealth false)";
                }
                else if (now - cluster.StartedAt >= rollout.HealthTimeout)
                {
                    cluster.State = RolloutClusterState.Failed;
                    cluster.Reason = $"not rendered with {rollout.Image} within {rollout.HealthTimeout}: " + (state is null ? "not exported yet" : $"{state.Status} {state.Reason}".Trim());
                }
                else
                {
                    continue;
                }
            }
            else if (state is { Status: AgentStatus.Healthy } && onImage)
            {
                cluster.State = RolloutClusterState.Succeeded;
            }
            else if (state is { Status: AgentStatus.Degraded } && onImage && state.Since >= cluster.StartedAt)
            {
                cluster.State = RolloutClusterState.Failed;
                cluster.Reason = $"Degraded on {rollout.Image}: {state.Reason}";
            }
            else if (now - cluster.StartedAt >= rollout.HealthTimeout)
            {
                cluster.State = RolloutClusterState.Failed;
                cluster.Reason = $"not Healthy on {rollout.Image} within {rollout.HealthTimeout}: " + (state is null ? "not checked yet" : $"{state.Status} {state.Reason}".Trim());
            }
            else
            {
                continue;
            }

            cluster.FinishedAt = now;
            changed = true;
            settled.Add((cluster.State switch { RolloutClusterState.Succeeded => "succeeded", RolloutClusterState.Rendered => "rendered", _ => "failed" }, 1));
            var done = wave.Clusters.Count(c => c.Settled);
            if (cluster.State == RolloutClusterState.Rendered)
            {
                logger.LogInformation(
                    "Rollout {Rollout} wave {Wave}: cluster {Cluster} rendered with {Image}, health not observed ({Done}/{Clusters} of the wave; {Percent}%)",
                    rollout.Id, wave.Index + 1, cluster.ClusterId, rollout.Image, done, wave.Clusters.Count, rollout.Percent);
            }
            else if (cluster.State == RolloutClusterState.Succeeded)
            {
                logger.LogInformation(
                    "Rollout {Rollout} wave {Wave}: cluster {Cluster} Healthy on {Image} ({Done}/{Clusters} of the wave; {Percent}%)",
                    rollout.Id, wave.Index + 1, cluster.ClusterId, rollout.Image, done, wave.Clusters.Count, rollout.Percent);
            }
            else
            {
                logger.LogWarning(
                    "Rollout {Rollout} wave {Wave}: cluster {Cluster} failed: {Reason} ({Done}/{Clusters} of the wave; {Percent}%)",
                    rollout.Id, wave.Index + 1, cluster.ClusterId, cluster.Reason, done, wave.Clusters.Count, rollout.Percent);
            }
        }

        return changed;
    }

    private bool MoveClusters(AgentRollout rollout, RolloutWave wave, DateTimeOffset now)
    {
        var free = rollout.MaxConcurrency - wave.Clusters.Count(c => c.State == RolloutClusterState.Updating);
        var moving = wave.Clusters.Where(c => c.State == RolloutClusterState.Pending).Take(Math.Max(0, free)).ToList();
        foreach (var cluster in moving)
        {
            cluster.State = RolloutClusterState.Updating;
            cluster.StartedAt = now;
            logger.LogInformation("Rollout {Rollout} wave {Wave}: cluster {Cluster} moves to {Image}", rollout.Id, wave.Index + 1, cluster.ClusterId, rollout.Image);
        }

        return moving.Count > 0;
    }

    private void Halt(AgentRollout rollout, RolloutWave wave, DateTimeOffset now, List<IIntegrationEvent> pending, List<(string, int)> settled)
    {
        var failed = wave.Clusters.Where(c => c.State == RolloutClusterState.Failed).Select(c => c.ClusterId).ToList();
        var rolledBack = RollBack(wave, now);
        wave.State = WaveState.Halted;
        wave.FinishedAt = now;
        rollout.State = RolloutState.Halted;
        rollout.FinishedAt = now;
        rollout.Reason = $"wave {wave.Index + 1}: {failed.Count} clusters failed, {wave.MaxFailures} allowed ({string.Join(", ", failed)}); its {rolledBack} moved clusters go back to the previous image, later waves are not touched";
        settled.Add(("rolled_back", rolledBack));
        metrics.Waves.WithLabels(rollout.Component, "halted").Inc();
        metrics.Rollouts.WithLabels(rollout.Component, rollout.State.ToString()).Inc();
        logger.LogWarning("Rollout {Rollout} of {Component} halted: {Reason}", rollout.Id, rollout.Component, rollout.Reason);
        pending.Add(new AgentRolloutHalted(NewId.NextGuid().ToString(), EventSource, now, rollout.Id, rollout.Component, rollout.Image, wave.Index, rollout.Reason, failed));
    }

    /// <summary>Every cluster of the wave that is on the new image goes back to the previous one.</summary>
    public static int RollBack(RolloutWave wave, DateTimeOffset now)
    {
        var count = 0;
        foreach (var cluster in wave.Clusters.Where(c => c.OnNewImage))
        {
            cluster.State = RolloutClusterState.RolledBack;
            cluster.FinishedAt = now;
            count++;
        }

        return count;
    }

    private IEnumerable<ClusterRecord> Eligible() => fleet.All().Where(r => r.Wanted && r.Seed is not null);

    private static AgentRolloutProgressed Progressed(AgentRollout rollout, RolloutWave wave, DateTimeOffset now) =>
        new(NewId.NextGuid().ToString(), EventSource, now, rollout.Id, rollout.Component, rollout.Image, wave.Index, wave.State.ToString(), rollout.Percent);

    private void UpdateGauges(IReadOnlyList<AgentRollout> all)
    {
        foreach (var key in RolloutComponents.Keys)
        {
            foreach (var state in new[] { RolloutState.Running, RolloutState.Paused })
            {
                metrics.Active.WithLabels(key, state.ToString()).Set(all.Count(r => r.Component == key && r.State == state));
            }
        }

        foreach (var rollout in all)
        {
            if (rollout.Active)
            {
                metrics.Percent.WithLabels(rollout.Id, rollout.Component).Set(rollout.Percent);
            }
            else
            {
                metrics.Percent.RemoveLabelled(rollout.Id, rollout.Component);
            }
        }
    }
}
