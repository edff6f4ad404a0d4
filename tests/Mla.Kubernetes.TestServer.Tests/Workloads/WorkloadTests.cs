using Mla.Kubernetes.TestServer.Store;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Workloads;

public sealed class WorkloadTests
{
    [Fact]
    public async Task Deployment_becomes_available_after_the_ready_delay()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromMilliseconds(200) });
        server.Create(Manifests.Deployment("web", "default", "nginx:1", replicas: 2));
        var ready = await Eventually.ValueAsync(() =>
        {
            var d = server.Get("apps/v1", "Deployment", "default", "web");
            return Json.Number(d, "status", "availableReplicas") == 2 ? d : null;
        }, () => "deployment available (controller error: " + server.ControllerError + ")", TimeSpan.FromSeconds(20));
        Assert.Null(server.ControllerError);
        Assert.Equal(1, Json.Number(ready, "status", "observedGeneration"));
        Assert.Equal(2, server.List("v1", "Pod", "default").Count);
    }
}
