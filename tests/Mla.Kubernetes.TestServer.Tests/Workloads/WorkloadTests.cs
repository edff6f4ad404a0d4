using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Store;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Workloads;

public sealed class WorkloadTests
{
    private static Task<KubeApiServer> StartAsync(int nodes = 1) =>
        KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromMilliseconds(200), NodeCount = nodes });

    private static Task<JsonObject> WaitAsync(KubeApiServer server, string kind, string name, Func<JsonObject, bool> condition, string what) =>
        Eventually.ValueAsync(() => server.Get("apps/v1", kind, "default", name) is { } o && condition(o) ? o : null,
            () => $"{what} (controller error: {server.ControllerError})");

    private static string? Condition(JsonObject obj, string type, string field = "status") =>
        (Json.At(obj, "status", "conditions") as JsonArray)?.FirstOrDefault(c => Json.Str(c, "type") == type) is { } c ? Json.Str(c, field) : null;

    [Fact]
    public async Task Deployment_becomes_available_with_ready_pods_after_the_delay()
    {
        await using var server = await StartAsync();
        server.Create(Manifests.Deployment("web", "default", "nginx:1", replicas: 2));
        var ready = await WaitAsync(server, "Deployment", "web", d => Json.Number(d, "status", "availableReplicas") == 2, "deployment available");
        Assert.Equal(1, Json.Number(ready, "status", "observedGeneration"));
        Assert.Equal(2, Json.Number(ready, "status", "updatedReplicas"));
        Assert.Equal("True", Condition(ready, "Available"));
        Assert.Equal("NewReplicaSetAvailable", Condition(ready, "Progressing", "reason"));
        var pods = server.List("v1", "Pod", "default");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("web", Json.Str(p, "metadata", "labels", "app"));
            Assert.Equal(Json.Uid(ready), Json.Str(p["metadata"]!["ownerReferences"]![0], "uid"));
            Assert.Equal("Running", Json.Str(p, "status", "phase"));
        });
        Assert.Null(server.ControllerError);
    }

    [Fact]
    public async Task A_failing_image_keeps_the_deployment_unavailable_until_healed()
    {
        await using var server = await StartAsync();
        server.Workloads.FailImage("broken:1");
        server.Create(Manifests.Deployment("web", "default", "broken:1", replicas: 2));
        var stuck = await WaitAsync(server, "Deployment", "web", d => Json.Number(d, "status", "observedGeneration") == 1, "deployment observed");
        Assert.Equal("False", Condition(stuck, "Available"));
        Assert.Equal("ReplicaSetUpdated", Condition(stuck, "Progressing", "reason"));
        Assert.Null(Json.Number(stuck, "status", "readyReplicas"));
        var pod = server.List("v1", "Pod", "default")[0];
        Assert.Equal("ImagePullBackOff", Json.Str(pod["status"]!["containerStatuses"]![0], "state", "waiting", "reason"));
        server.Workloads.HealImage("broken:1");
        await WaitAsync(server, "Deployment", "web", d => Condition(d, "Available") == "True", "deployment available after heal");
    }

    [Fact]
    public async Task A_changed_template_rolls_out_a_new_generation()
    {
        await using var server = await StartAsync();
        server.Create(Manifests.Deployment("web", "default", "nginx:1"));
        await WaitAsync(server, "Deployment", "web", d => Json.Number(d, "status", "availableReplicas") == 1, "first rollout");
        var firstPod = Json.Name(server.List("v1", "Pod", "default").Single());
        server.Update(Manifests.Deployment("web", "default", "nginx:2"));
        var rolled = await WaitAsync(server, "Deployment", "web", d => Json.Number(d, "status", "observedGeneration") == 2, "second rollout");
        Assert.Equal("True", Condition(rolled, "Available"));
        var pod = server.List("v1", "Pod", "default").Single();
        Assert.NotEqual(firstPod, Json.Name(pod));
        Assert.Equal("nginx:2", Json.Str(pod["spec"]!["containers"]![0], "image"));
    }

    [Fact]
    public async Task DaemonSet_runs_one_pod_per_node()
    {
        await using var server = await StartAsync(nodes: 3);
        Assert.Equal(3, server.List("v1", "Node").Count);
        server.Create(Manifests.Workload("DaemonSet", "agent", "default", "agent:1", replicas: null));
        var ds = await WaitAsync(server, "DaemonSet", "agent", d => Json.Number(d, "status", "numberAvailable") == 3, "daemonset available");
        Assert.Equal(3, Json.Number(ds, "status", "desiredNumberScheduled"));
        Assert.Equal(3, Json.Number(ds, "status", "updatedNumberScheduled"));
        Assert.Equal("RollingUpdate", Json.Str(ds, "spec", "updateStrategy", "type"));
        Assert.Equal(["node-1", "node-2", "node-3"], server.List("v1", "Pod", "default").Select(p => Json.Str(p, "spec", "nodeName")).Order());
    }

    [Fact]
    public async Task StatefulSet_gets_ordinal_pods_and_matching_revisions()
    {
        await using var server = await StartAsync();
        server.Create(Manifests.Workload("StatefulSet", "db", "default", "db:1", replicas: 2));
        var sts = await WaitAsync(server, "StatefulSet", "db", d => Json.Number(d, "status", "readyReplicas") == 2, "statefulset ready");
        Assert.Equal(Json.Str(sts, "status", "currentRevision"), Json.Str(sts, "status", "updateRevision"));
        Assert.Equal(["db-0", "db-1"], server.List("v1", "Pod", "default").Select(Json.Name).Order());
    }
}
