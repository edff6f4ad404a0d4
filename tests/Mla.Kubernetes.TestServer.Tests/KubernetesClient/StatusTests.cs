using k8s;
using k8s.Models;

namespace Mla.Kubernetes.TestServer.Tests.KubernetesClient;

public sealed class StatusTests
{
    [Fact]
    public async Task Replacing_a_deployments_status_keeps_its_spec_and_records_a_status_manager()
    {
        await using var session = await ClientSession.StartAsync(options: new KubeApiServerOptions { WorkloadReadyDelay = TimeSpan.FromHours(1) });
        var apps = session.Client.AppsV1;
        var created = await apps.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1" }] },
                },
            },
        }, "default");

        created.Spec.Replicas = 9;
        created.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 1, ReadyReplicas = 1 };
        var replaced = await apps.ReplaceNamespacedDeploymentStatusAsync(created, "web", "default", fieldManager: "my-controller");

        Assert.Equal(1, replaced.Spec.Replicas);
        Assert.Equal(1, replaced.Status.ReadyReplicas);
        var entry = replaced.Metadata.ManagedFields.Single(e => e.Manager == "my-controller");
        Assert.Equal(("Update", "status"), (entry.Operation, entry.Subresource));
        Assert.Contains("f:readyReplicas", KubernetesJson.Serialize(entry.FieldsV1), StringComparison.Ordinal);
        Assert.DoesNotContain("f:spec", KubernetesJson.Serialize(entry.FieldsV1), StringComparison.Ordinal);
    }
}
