using Mla.Contracts.Agents;
using Mla.Exporters.Desired;
using Mla.Exporters.Rollouts;
using Mla.Exporters.Tests.Support;

namespace Mla.Exporters.Tests.Rollouts;

/// <summary>
/// Fleet upgrades in waves over simulated clusters (one Kubernetes API test server each), driven by the real export
/// loop and the rollout loop on a SQLite store; what a cluster runs is read from the objects in its server.
/// </summary>
public sealed class FleetRolloutTests
{
    private const string NewImage = "docker.io/victoriametrics/vmagent:v1.99.0";
    private static readonly string OldImage = new AgentImages().VmAgent;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    private static readonly string[] Newcomers = ["c10", "c11", "c12"];

    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    [Fact]
    public async Task Fifty_clusters_in_three_waves_wave_two_fails_twice_it_halts_and_goes_back_wave_one_stays_new_wave_three_untouched()
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"c{i:D2}").ToList();
        var canaries = ids.Take(5).ToList();
        await using var clusters = await SimulatedClusters.StartAsync(ids, TimeSpan.FromMilliseconds(100));
        using var database = new TempDirectory();
        await using var host = await RolloutHost.StartAsync(
            clusters.Kubeconfigs.Path, Path.Combine(database.Path, "rollouts.db"),
            ids.Select(id => (id, (IReadOnlyDictionary<string, string>)(canaries.Contains(id) ? new Dictionary<string, string> { ["ring"] = "canary" } : NoLabels))));
        await Poll.UntilAsync(() => ids.All(id => host.Board.Get(id)?.Status == AgentStatus.Healthy), Long, () => Describe(host));
        var generations = ids.ToDictionary(id => id, clusters.Generation);

        // Wave 2 takes half of the 45 clusters no earlier wave took, by name: c05 … c27. Two of them cannot pull the new image.
        clusters.Servers["c10"].Workloads.FailImage(NewImage);
        clusters.Servers["c20"].Workloads.FailImage(NewImage);
        var (rollout, created) = await host.Commands.CreateAsync(
            new RolloutRequest("metrics-agent", NewImage, [new("ring=canary"), new(Percent: 50), new(Percent: 100)], MaxFailures: 1, HealthTimeout: TimeSpan.FromSeconds(5), MaxConcurrency: 8),
            CancellationToken.None);
        Assert.True(created);
        Assert.Equal(RolloutComponents.VmAgent, rollout.Component);
        Assert.Equal(OldImage, rollout.FromImage);

        // A second rollout of the same component while this one runs: refused, naming the running one.
        var (active, second) = await host.Commands.CreateAsync(new RolloutRequest("VmAgent", "docker.io/victoriametrics/vmagent:v1.100.0", [new(Percent: 100)]), CancellationToken.None);
        Assert.False(second);
        Assert.Equal(rollout.Id, active.Id);

        await Poll.UntilAsync(
            async () => (await host.Store.FindAsync(rollout.Id, CancellationToken.None))!.State == RolloutState.Halted,
            TimeSpan.FromSeconds(120),
            async () => Progress(await host.Store.FindAsync(rollout.Id, CancellationToken.None)));
        var halted = (await host.Store.FindAsync(rollout.Id, CancellationToken.None))!;

        // Wave 1: done, its clusters on the new image.
        Assert.Equal(WaveState.Succeeded, halted.Waves[0].State);
        Assert.Equal(canaries, halted.Waves[0].Clusters.Select(c => c.ClusterId).Order().ToList());
        Assert.All(canaries, id => Assert.Equal(NewImage, clusters.MetricsAgentImage(id)));

        // Wave 2: halted with the two failures, every cluster it moved back on the old image (read in the servers).
        var wave2 = halted.Waves[1];
        Assert.Equal(WaveState.Halted, wave2.State);
        Assert.Equal(ids.Skip(5).Take(23).ToList(), wave2.Clusters.Select(c => c.ClusterId).Order().ToList());
        Assert.Contains("c10", halted.Reason, StringComparison.Ordinal);
        Assert.Contains("c20", halted.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(wave2.Clusters, c => c.OnNewImage);
        var wave2Ids = wave2.Clusters.Select(c => c.ClusterId).ToList();
        await Poll.UntilAsync(
            () => wave2Ids.All(id => clusters.MetricsAgentImage(id) == OldImage && host.Board.Get(id)?.Status == AgentStatus.Healthy),
            Long,
            () => string.Join(", ", wave2Ids.Select(id => $"{id}: {clusters.MetricsAgentImage(id)} {host.Board.Get(id)?.Status}")));

        // Wave 3: never started, its clusters never written.
        Assert.Equal(WaveState.Pending, halted.Waves[2].State);
        Assert.Empty(halted.Waves[2].Clusters);
        Assert.All(ids.Skip(28), id =>
        {
            Assert.Equal(OldImage, clusters.MetricsAgentImage(id));
            Assert.Equal(generations[id], clusters.Generation(id));
        });

        // The events: wave 1 started and done, wave 2 started, then halted naming the failed clusters.
        var events = host.Events.All.ToList();
        Assert.Equal([(0, "Running"), (0, "Succeeded"), (1, "Running")], events.OfType<AgentRolloutProgressed>().Select(e => (e.Wave, e.WaveState)).ToList());
        var haltedEvent = Assert.Single(events.OfType<AgentRolloutHalted>());
        Assert.Equal(1, haltedEvent.Wave);
        Assert.Equal(["c10", "c20"], haltedEvent.FailedClusters.Order().ToList());
        Assert.Empty(events.OfType<AgentRolloutCompleted>());

        // The log names the rollout, wave, cluster and percentage.
        Assert.Contains(host.Log.Lines, l => l.Contains(rollout.Id, StringComparison.Ordinal) && l.Contains("wave 2", StringComparison.Ordinal) && l.Contains("c10", StringComparison.Ordinal) && l.Contains('%', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pause_holds_the_rollout_a_cluster_created_meanwhile_gets_its_waves_version_and_after_a_restart_it_continues_and_completes()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"c{i:D2}").ToList();
        Dictionary<string, IReadOnlyDictionary<string, string>> labels = ids.ToDictionary(
            id => id,
            id => (IReadOnlyDictionary<string, string>)(string.CompareOrdinal(id, "c02") < 0 ? Ring("canary") : string.CompareOrdinal(id, "c06") < 0 ? Ring("main") : NoLabels),
            StringComparer.Ordinal);
        await using var clusters = await SimulatedClusters.StartAsync(ids, TimeSpan.FromMilliseconds(200));
        using var database = new TempDirectory();
        var databasePath = Path.Combine(database.Path, "rollouts.db");
        var first = await RolloutHost.StartAsync(clusters.Kubeconfigs.Path, databasePath, labels.Select(kv => (kv.Key, kv.Value)));
        string rolloutId;
        try
        {
            await Poll.UntilAsync(() => ids.All(id => first.Board.Get(id)?.Status == AgentStatus.Healthy), Long, () => Describe(first));
            var (rollout, _) = await first.Commands.CreateAsync(
                new RolloutRequest("metrics-agent", NewImage, [new("ring=canary"), new("ring=main"), new(Percent: 100)], HealthTimeout: TimeSpan.FromSeconds(60), MaxConcurrency: 1),
                CancellationToken.None);
            rolloutId = rollout.Id;

            // Pause once wave 2 runs; what was moving settles, then nothing moves.
            await Poll.UntilAsync(async () => (await first.Store.FindAsync(rolloutId, CancellationToken.None))!.CurrentWave == 1, Long, async () => Progress(await first.Store.FindAsync(rolloutId, CancellationToken.None)));
            Assert.Equal(RolloutChangeOutcome.Changed, (await first.Commands.PauseAsync(rolloutId, CancellationToken.None)).Outcome);
            Assert.Equal(RolloutChangeOutcome.Refused, (await first.Commands.PauseAsync(rolloutId, CancellationToken.None)).Outcome);
            await Poll.UntilAsync(
                async () => (await first.Store.FindAsync(rolloutId, CancellationToken.None))!.Waves.All(w => w.Clusters.All(c => c.State != RolloutClusterState.Updating)),
                Long,
                async () => Progress(await first.Store.FindAsync(rolloutId, CancellationToken.None)));
            var paused = Progress(await first.Store.FindAsync(rolloutId, CancellationToken.None));
            for (var i = 0; i < 3; i++)
            {
                await first.Engine.StepAsync(CancellationToken.None);
            }

            Assert.Equal(paused, Progress(await first.Store.FindAsync(rolloutId, CancellationToken.None)));
            Assert.Contains(ids.Skip(2).Take(4), id => clusters.MetricsAgentImage(id) == OldImage);

            // Clusters created during the rollout: one of the finished canary wave gets the new image, one of the
            // running wave and one of the last (not reached) wave keep the old one while the rollout is paused.
            labels["c10"] = Ring("canary");
            labels["c11"] = Ring("main");
            labels["c12"] = NoLabels;
            foreach (var id in Newcomers)
            {
                await clusters.AddAsync(id);
                first.AddCluster(id, labels[id]);
            }

            await Poll.UntilAsync(
                () => clusters.MetricsAgentImage("c10") == NewImage && clusters.MetricsAgentImage("c11") == OldImage && clusters.MetricsAgentImage("c12") == OldImage
                    && Newcomers.All(id => first.Board.Get(id)?.Status == AgentStatus.Healthy),
                Long,
                () => string.Join(", ", Newcomers.Select(id => $"{id}: {clusters.MetricsAgentImage(id)} {first.Board.Get(id)?.Status}")));

            // Resume, and stop the service while a cluster of wave 2 is moving.
            Assert.Equal(RolloutChangeOutcome.Changed, (await first.Commands.ResumeAsync(rolloutId, CancellationToken.None)).Outcome);
            await Poll.UntilAsync(
                async () => (await first.Store.FindAsync(rolloutId, CancellationToken.None))!.Waves[1].Clusters.Any(c => c.State == RolloutClusterState.Updating),
                Long,
                async () => Progress(await first.Store.FindAsync(rolloutId, CancellationToken.None)));
        }
        finally
        {
            await first.DisposeAsync();
        }

        var stopped = (await ReadAsync(databasePath, rolloutId))!;
        Assert.Equal(RolloutState.Running, stopped.State);

        // A new service on the same database: it reads the rollout and continues until it completes.
        await using var second = await RolloutHost.StartAsync(clusters.Kubeconfigs.Path, databasePath, labels.Select(kv => (kv.Key, kv.Value)));
        await Poll.UntilAsync(
            async () => (await second.Store.FindAsync(rolloutId, CancellationToken.None))!.State == RolloutState.Completed,
            TimeSpan.FromSeconds(120),
            async () => Progress(await second.Store.FindAsync(rolloutId, CancellationToken.None)));
        var completed = (await second.Store.FindAsync(rolloutId, CancellationToken.None))!;
        Assert.Equal(100, completed.Percent);
        Assert.Contains("c11", completed.Waves[1].Clusters.Select(c => c.ClusterId));
        Assert.Contains("c12", completed.Waves[2].Clusters.Select(c => c.ClusterId));
        await Poll.UntilAsync(
            () => labels.Keys.All(id => clusters.MetricsAgentImage(id) == NewImage && second.Board.Get(id)?.Status == AgentStatus.Healthy),
            Long,
            () => string.Join(", ", labels.Keys.Select(id => $"{id}: {clusters.MetricsAgentImage(id)} {second.Board.Get(id)?.Status}")));
        var done = Assert.Single(second.Events.All.OfType<AgentRolloutCompleted>());
        // c10 joined no wave: its wave (the canaries) was done when it came, so it had the new image from its first pass.
        Assert.DoesNotContain("c10", completed.Waves.SelectMany(w => w.Clusters).Select(c => c.ClusterId));
        Assert.Equal(12, done.Clusters);
        Assert.Equal(0, done.FailedClusters);
    }

    [Fact]
    public async Task Abort_sends_every_moved_cluster_back_and_frees_the_component_for_a_new_rollout()
    {
        var ids = Enumerable.Range(0, 4).Select(i => $"c{i:D2}").ToList();
        await using var clusters = await SimulatedClusters.StartAsync(ids, TimeSpan.FromMilliseconds(200));
        using var database = new TempDirectory();
        await using var host = await RolloutHost.StartAsync(clusters.Kubeconfigs.Path, Path.Combine(database.Path, "rollouts.db"), ids.Select(id => (id, (IReadOnlyDictionary<string, string>)NoLabels)));
        await Poll.UntilAsync(() => ids.All(id => host.Board.Get(id)?.Status == AgentStatus.Healthy), Long, () => Describe(host));
        // The last cluster cannot pull the new image: the rollout waits on it until it is aborted.
        clusters.Servers["c03"].Workloads.FailImage(NewImage);
        var (rollout, _) = await host.Commands.CreateAsync(
            new RolloutRequest("metrics-agent", NewImage, [new(Percent: 50), new(Percent: 100)], HealthTimeout: TimeSpan.FromMinutes(5), MaxConcurrency: 2),
            CancellationToken.None);
        await Poll.UntilAsync(() => ids.Take(3).All(id => clusters.MetricsAgentImage(id) == NewImage), Long, () => string.Join(", ", ids.Select(clusters.MetricsAgentImage)));

        var aborted = await host.Commands.AbortAsync(rollout.Id, CancellationToken.None);

        Assert.Equal(RolloutChangeOutcome.Changed, aborted.Outcome);
        Assert.Equal(RolloutState.Aborted, aborted.Rollout!.State);
        Assert.Equal(RolloutChangeOutcome.Refused, (await host.Commands.ResumeAsync(rollout.Id, CancellationToken.None)).Outcome);
        await Poll.UntilAsync(
            () => ids.All(id => clusters.MetricsAgentImage(id) == OldImage && host.Board.Get(id)?.Status == AgentStatus.Healthy),
            Long,
            () => string.Join(", ", ids.Select(id => $"{id}: {clusters.MetricsAgentImage(id)} {host.Board.Get(id)?.Status}")));
        Assert.Contains(host.Events.All, e => e is AgentRolloutHalted h && h.RolloutId == rollout.Id && h.Reason.Contains("aborted", StringComparison.Ordinal));
        var (next, created) = await host.Commands.CreateAsync(new RolloutRequest("metrics-agent", NewImage, [new(Percent: 100)]), CancellationToken.None);
        Assert.True(created);
        Assert.NotEqual(rollout.Id, next.Id);
        Assert.Equal(RolloutChangeOutcome.Changed, (await host.Commands.AbortAsync(next.Id, CancellationToken.None)).Outcome);
    }

    private static Dictionary<string, string> Ring(string ring) => new(StringComparer.Ordinal) { ["ring"] = ring };

    private static async Task<AgentRollout?> ReadAsync(string databasePath, string id)
    {
        var store = new RolloutStore(Mla.Storage.SqlDatabase.Create(new RolloutOptions { SqlitePath = databasePath }), Microsoft.Extensions.Logging.Abstractions.NullLogger<RolloutStore>.Instance);
        return await store.FindAsync(id, CancellationToken.None);
    }

    private static string Describe(RolloutHost host) =>
        string.Join(", ", host.Board.All().GroupBy(s => s.Status).Select(g => $"{g.Key}: {g.Count()} ({g.First().ClusterId}: {g.First().Reason})"));

    private static string Progress(AgentRollout? rollout) => rollout is null ? "no rollout" :
        $"{rollout.State} wave {rollout.CurrentWave}: " + string.Join(" | ", rollout.Waves.Select(w => $"{w.State} " + string.Join(",", w.Clusters.Select(c => $"{c.ClusterId}={c.State}"))));
}
