using Mla.Exporters.Desired;
using Mla.Exporters.Rollouts;

namespace Mla.Exporters.Tests.Rollouts;

/// <summary>Which image a cluster gets: the configured one with every stored rollout of the component layered over it.</summary>
public sealed class RolloutVersionsTests
{
    private static readonly AgentImages Configured = new();
    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> Canary = new(StringComparer.Ordinal) { ["ring"] = "canary" };

    [Fact]
    public void Without_rollouts_the_configured_images_hold() =>
        Assert.Same(Configured, new RolloutVersions().ImagesFor("c1", NoLabels, Configured));

    [Fact]
    public void A_running_rollout_moves_the_clusters_on_it_and_newcomers_of_finished_waves_only()
    {
        var rollout = Rollout("r1", "vm:v2", RolloutState.Running);
        rollout.Waves[0].State = WaveState.Succeeded;
        rollout.Waves[0].Clusters.Add(new RolloutCluster { ClusterId = "done", State = RolloutClusterState.Succeeded });
        rollout.Waves[1].State = WaveState.Running;
        rollout.Waves[1].Clusters.Add(new RolloutCluster { ClusterId = "moving", State = RolloutClusterState.Updating });
        rollout.Waves[1].Clusters.Add(new RolloutCluster { ClusterId = "waiting" });
        rollout.Waves[1].Clusters.Add(new RolloutCluster { ClusterId = "back", State = RolloutClusterState.RolledBack });
        var versions = new RolloutVersions();
        versions.Replace([rollout]);

        Assert.Equal("vm:v2", versions.ImagesFor("done", NoLabels, Configured).VmAgent);
        Assert.Equal("vm:v2", versions.ImagesFor("moving", NoLabels, Configured).VmAgent);
        Assert.Equal(Configured.VmAgent, versions.ImagesFor("waiting", NoLabels, Configured).VmAgent);
        Assert.Equal(Configured.VmAgent, versions.ImagesFor("back", NoLabels, Configured).VmAgent);
        // Newcomers: a canary (finished wave) gets the new image; another belongs to the running percentage wave.
        Assert.Equal("vm:v2", versions.ImagesFor("new-canary", Canary, Configured).VmAgent);
        Assert.Equal(Configured.VmAgent, versions.ImagesFor("new-other", NoLabels, Configured).VmAgent);
        // Other components are not touched.
        Assert.Equal(Configured.FluentBit, versions.ImagesFor("done", NoLabels, Configured).FluentBit);
    }

    [Fact]
    public void Completed_rollouts_move_everyone_aborted_ones_no_one_and_later_rollouts_layer_over_earlier_ones()
    {
        var completed = Rollout("r1", "vm:v2", RolloutState.Completed);
        var aborted = Rollout("r2", "vm:v3", RolloutState.Aborted, createdAt: 1);
        aborted.Waves[0].Clusters.Add(new RolloutCluster { ClusterId = "c1", State = RolloutClusterState.RolledBack });
        var halted = Rollout("r3", "vm:v4", RolloutState.Halted, createdAt: 2);
        halted.Waves[0].State = WaveState.Succeeded;
        halted.Waves[0].Clusters.Add(new RolloutCluster { ClusterId = "canary", State = RolloutClusterState.Succeeded });
        halted.Waves[1].State = WaveState.Halted;
        halted.Waves[1].Clusters.Add(new RolloutCluster { ClusterId = "c1", State = RolloutClusterState.RolledBack });
        var versions = new RolloutVersions();
        versions.Replace([halted, aborted, completed]);

        Assert.Equal("vm:v4", versions.ImagesFor("canary", Canary, Configured).VmAgent);
        Assert.Equal("vm:v2", versions.ImagesFor("c1", NoLabels, Configured).VmAgent);
        Assert.Equal("vm:v2", versions.ImagesFor("someone-new", NoLabels, Configured).VmAgent);
    }

    private static AgentRollout Rollout(string id, string image, RolloutState state, int createdAt = 0) => new()
    {
        Id = id,
        Component = RolloutComponents.VmAgent,
        Image = image,
        FromImage = Configured.VmAgent,
        State = state,
        MaxConcurrency = 1,
        HealthTimeout = TimeSpan.FromMinutes(1),
        CreatedAt = DateTimeOffset.UnixEpoch.AddMinutes(createdAt),
        Waves =
        [
            new RolloutWave { Index = 0, Selector = "ring=canary" },
            new RolloutWave { Index = 1, Percent = 100 },
        ],
    };
}
