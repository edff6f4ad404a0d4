using System.Text.Json;
using Mla.Exporters.Rollouts;

namespace Mla.Exporters.Tests.Rollouts;

/// <summary>The stored rollout document: a rollout stored before <c>waitForHealth</c> existed still waits for health.</summary>
public sealed class RolloutDocumentTests
{
    [Fact]
    public void A_document_without_waitForHealth_waits_for_health_and_the_field_survives_a_round_trip()
    {
        const string Stored = """
            {"id":"r1","component":"VmAgent","image":"docker.io/victoriametrics/vmagent:v1.99.0","fromImage":"docker.io/victoriametrics/vmagent:v1.98.0",
             "state":"Running","waves":[{"index":0,"percent":100,"clusters":[{"clusterId":"c1","state":"Updating"}]}]}
            """;

        var old = JsonSerializer.Deserialize<AgentRollout>(Stored, RolloutStore.Json)!;
        Assert.True(old.WaitForHealth);

        var noWait = new AgentRollout { Id = "r2", Component = "VmAgent", Image = "i:2", FromImage = "i:1", Waves = [], WaitForHealth = false };
        var read = JsonSerializer.Deserialize<AgentRollout>(JsonSerializer.Serialize(noWait, RolloutStore.Json), RolloutStore.Json)!;
        Assert.False(read.WaitForHealth);
    }

    [Fact]
    public void A_rendered_cluster_is_settled_and_on_the_new_image()
    {
        var cluster = new RolloutCluster { ClusterId = "c1", State = RolloutClusterState.Rendered };

        Assert.True(cluster.Settled);
        Assert.True(cluster.OnNewImage);
    }
}
