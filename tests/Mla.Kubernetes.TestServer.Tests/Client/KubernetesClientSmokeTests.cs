using k8s;
using k8s.Models;
using Mla.Kubernetes.TestServer.Tests.Support;

namespace Mla.Kubernetes.TestServer.Tests.Client;

/// <summary>A first check that KubernetesClient (the package MLA uses) talks to the server; the full client suite lives with the patching tests.</summary>
public sealed class KubernetesClientSmokeTests
{
    [Fact]
    public async Task Client_from_the_kubeconfig_lists_creates_watches_and_records_events()
    {
        await using var server = await KubeApiServer.StartAsync();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath);
        using var client = new k8s.Kubernetes(config);
        var namespaces = await client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "from-client" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, "default");
        Assert.NotNull(created.Metadata.Uid);

        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reader = Task.Run(async () =>
        {
            await foreach (var (type, cm) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                return $"{type} {cm.Metadata.Name}";
            }
            return "(end)";
        });
        await Eventually.TrueAsync(() => server.Store.Watchers.Count > 0, "watch registered");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "later" } }, "default");
        Assert.Equal("Added later", await reader);

        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "ev1" },
            InvolvedObject = new V1ObjectReference { Kind = "ConfigMap", Name = "later", NamespaceProperty = "default" },
            Reason = "Provisioned",
            Message = "tenant ready",
            Type = "Normal",
        }, "default");
        var events = await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=later");
        Assert.Equal("Provisioned", Assert.Single(events.Items).Reason);
    }
}
